"""Issuing, copying and revoking an API token in a real browser, and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tenancy.models import ApiToken
from tenancy.services.tokens import TOKEN_PATTERN
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Page, url: str, user: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(f"pw-{user}")
    page.get_by_role("button", name="Log in").click()


def test_an_admin_issues_copies_and_revokes_a_token(world, live_server, page: Page):
    _login(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/orgs/acme/")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_role("link", name="Issue a token").click()
    page.get_by_label("Name").fill("fraud training")
    page.get_by_label("Team").select_option(label="Fraud")
    page.get_by_role("button", name="Issue the token").click()

    expect(page.get_by_role("alert")).to_contain_text("shown only this once")
    secret = page.get_by_label("Token for team Fraud").input_value()
    assert TOKEN_PATTERN.fullmatch(secret)
    page.get_by_role("button", name="Copy the token").click()
    # Headless Chromium may refuse clipboard access; the page then selects the text instead.
    copied = re.compile(r"^(Copied\.|Selected: press Ctrl\+C)")
    expect(page.get_by_role("status")).to_have_text(copied)
    screenshot(page, "token-issued")

    page.get_by_role("link", name="Back to the tokens").click()
    expect(page.get_by_text(secret)).to_have_count(0)
    page.get_by_role("link", name="Revoke fraud training").click()
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")
    assert ApiToken.objects.get().revoked_at is not None


def test_the_token_list_fits_a_phone_screen(world, live_server, phone: Page):
    _login(phone, live_server.url, "admin")
    phone.goto(f"{live_server.url}/orgs/acme/tokens/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("API tokens")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone, "tokens-phone")
