"""A person starts a reference pipeline run in a real browser and watches its timeline fill."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.conftest import UNREACHABLE
from tests.pipelines.conftest import collector, make_pipeline, private_queue
from tests.worker import celery_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["collector", "private_queue"]  # fixtures shared with tests/pipelines


def _log_in(page: Page, base: str, user: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(f"pw-{user}")
    page.get_by_role("button", name="Log in").click()


def test_a_member_starts_a_run_and_sees_its_step_timeline(
    request, world, collector, private_queue, live_server, page: Page, tmp_path
):
    if request.config.stash.get(UNREACHABLE, []):
        pytest.skip("configured services unreachable")
    pipeline = make_pipeline(world.team, 1)
    _log_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/orgs/acme/teams/fraud/pipelines/{pipeline.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(pipeline.name)

    with celery_worker(tmp_path / "worker.log"):
        page.get_by_role("button", name="Start a run").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Run 1 of {pipeline.name}")
        deploy_row = page.locator("#steps-table tr[data-step=deploy]")
        expect(deploy_row).to_contain_text("succeeded", timeout=120_000)

    expect(page.locator("[data-role=run-status]")).to_have_text("succeeded")
    expect(page.locator("#timeline-chart .plot-container")).to_be_visible()
    assert page.locator("#timeline-chart .bars path").count() >= 7
    screenshot(page, "pipeline-run-timeline")


def test_the_pipeline_page_fits_a_phone_and_its_buttons_reach_by_keyboard(
    world, collector, live_server, phone: Page
):
    pipeline = make_pipeline(world.team, 2)
    _log_in(phone, live_server.url, "lead")
    phone.goto(f"{live_server.url}/orgs/acme/teams/fraud/pipelines/{pipeline.slug}/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    button = phone.get_by_role("button", name="Advance the clock")
    for _ in range(40):
        phone.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("the Advance button is not reachable by keyboard")
    screenshot(phone, "pipeline-phone")
