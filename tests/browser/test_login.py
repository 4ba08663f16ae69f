"""Logging in and finding one's team, in a real browser, by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_logs_in_by_keyboard_and_reaches_their_team(world, live_server, page: Page):
    page.goto(f"{live_server.url}/orgs/acme/teams/fraud/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/orgs/acme/teams/fraud/")

    page.keyboard.type("member")  # the user name field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type("pw-member")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Fraud")
    expect(page.get_by_text("Team lead")).to_be_visible()
    screenshot(page, "team-page")


def test_a_wrong_password_is_explained_and_the_user_name_is_kept(world, live_server, page: Page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("member")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    expect(page.get_by_label("User name")).to_have_value("member")


def test_the_pages_fit_a_phone_screen(world, live_server, phone: Page):
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("User name").fill("admin")
    phone.get_by_label("Password").fill("pw-admin")
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_role("heading", name="My teams")).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(phone, "home-phone")
