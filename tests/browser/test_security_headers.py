"""The Content-Security-Policy holds on pages outside the app's own templates, and
the headers reach the browser."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser.conftest import csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, url: str, username: str, password: str) -> None:
    page.get_by_label("User name" if "/admin/" not in url else "Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_the_policy_headers_reach_the_browser(world, live_server, page: Page):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response is not None
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert "'unsafe-eval'" not in headers["content-security-policy"]
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]


def test_the_watcher_sees_what_the_policy_blocks(world, live_server, page: Page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.append(s); }"
    )
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.wait_for_function("() => window.injected === undefined")
    page.wait_for_timeout(200)  # the violation event is dispatched asynchronously
    assert any("script-src" in v for v in csp_violations(page)), csp_violations(page)
    csp_violations(page).clear()  # seen and expected: not a failure of this page


def test_the_api_docs_render_under_the_policy(world, live_server, page: Page):
    page.goto(f"{live_server.url}/accounts/login/?next=/api/docs/")
    _log_in(page, page.url, "member", "pw-member")
    events = page.locator(".opblock-summary-path", has_text="/api/v1/events").first
    expect(events).to_be_visible()
    events.click()
    expect(page.get_by_role("button", name="Try it out").first).to_be_visible()
    assert csp_violations(page) == []


def test_the_admin_works_under_the_policy(world, live_server, page: Page):
    User.objects.create_superuser("root", "root@example.com", "pw-root")
    page.goto(f"{live_server.url}/admin/")
    _log_in(page, page.url, "root", "pw-root")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    for path, heading in [
        ("/admin/tenancy/organization/", "Select organization to change"),
        (f"/admin/tenancy/organization/{world.org.pk}/change/", "Change organization"),
        ("/admin/auth/user/add/", "Add user"),
        ("/admin/axes/accessattempt/", "Select access attempt to change"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert csp_violations(page) == []


def test_a_locked_out_member_is_told_why(world, live_server, page: Page):
    login = f"{live_server.url}/accounts/login/"
    page.goto(login)
    for _ in range(9):
        _log_in(page, login, "member", "wrong")
        expect(page.get_by_role("alert")).to_contain_text("did not match")
    _log_in(page, login, "member", "wrong")
    expect(page.get_by_role("heading", name="Log-in paused")).to_be_visible()
    page.goto(login)
    _log_in(page, login, "member", "pw-member")
    expect(page.get_by_role("alert")).to_contain_text("Too many failed log-ins")
