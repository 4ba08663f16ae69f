"""The team report and the organisation roll-up in a real Chromium: charts drawn by the
app's own plotly.js, keyboard disclosure, phone width; screenshots kept as artifacts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.assessments.reports.data import events, snapshot, submitted_round
from tests.browser.conftest import csp_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessed(world):
    submitted_round(
        world.team,
        [world.lead, world.member],
        ["source_control", "experiment_tracking", "data_pipeline_automation"],
        {"context_serving_mode": "online"},
    )
    snapshot(world.team)
    submitted_round(world.other_team, [world.admin], ["source_control"])
    snapshot(world.other_team)
    events(world.team, "deployment", 30, status="succeeded")
    events(world.team, "training_run", 20, trigger="schedule")
    return world


def _login(page: Page, base: str, user: str, then: str) -> None:
    page.goto(f"{base}/accounts/login/?next={then}")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(f"pw-{user}")
    page.get_by_role("button", name="Log in").click()


def _wait_for_charts(page: Page) -> int:
    plots = page.locator(".chart-plot[data-chart]")
    count = plots.count()
    for n in range(count):
        expect(plots.nth(n).locator("svg.main-svg").first).to_be_attached(timeout=30_000)
    return count


def test_the_team_report_draws_its_charts_and_opens_a_practice_by_keyboard(
    assessed, live_server, page: Page
):
    _login(page, live_server.url, "member", "/orgs/acme/teams/fraud/report/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("MLOps maturity report")
    expect(page.get_by_role("heading", name="Your next three steps")).to_be_visible()
    assert _wait_for_charts(page) >= 4 + 3  # 2 ladders, matrix, radar + 3 metric series
    summary = page.locator("#cap-source_control > summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#cap-source_control")).to_have_attribute("open", "")
    expect(page.locator("#cap-source_control")).to_contain_text("Where does the code")
    screenshot(page, "team-report")


def test_the_roll_up_draws_the_heatmap_and_compares_chosen_teams(assessed, live_server, page: Page):
    _login(page, live_server.url, "admin", "/orgs/acme/report/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("across teams")
    page.get_by_label("Fraud").check()
    page.get_by_label("Search").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Side by side")).to_be_visible()
    assert _wait_for_charts(page) == 1 + 2  # heatmap + one distribution per framework
    screenshot(page, "organization-rollup")


def test_the_report_fits_a_phone_screen(assessed, live_server, phone: Page):
    _login(phone, live_server.url, "member", "/orgs/acme/teams/fraud/report/")
    _wait_for_charts(phone)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(phone, "team-report-phone")


def test_the_print_layout_hides_navigation_and_keeps_the_tables(assessed, live_server, page: Page):
    _login(page, live_server.url, "member", "/orgs/acme/teams/fraud/report/")
    _wait_for_charts(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".report-actions")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_plotly_styles_its_charts_through_the_app_s_own_sheet(assessed, live_server, page: Page):
    _login(page, live_server.url, "member", "/orgs/acme/teams/fraud/report/")
    expect(page.locator(".chart-plot svg.main-svg").first).to_be_attached(timeout=30_000)
    rules = page.evaluate(
        "() => Array.from(document.getElementById('plotly.js-style-global').sheet.cssRules,"
        " (r) => r.selectorText)"
    )
    assert ".js-plotly-plot .plotly .main-svg" in rules
    # Its rules apply: the modebar sits in the chart's corner, not in the page flow.
    position = page.locator(".modebar").first.evaluate("(e) => getComputedStyle(e).position")
    assert position == "absolute"
    assert csp_violations(page) == []
