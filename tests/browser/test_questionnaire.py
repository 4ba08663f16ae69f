"""Answering the questionnaire in a real browser: live saves, reload, offline, submit, close."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Answer
from assessments.selectors.scorecards import scorecard_for_team
from assessments.services import questionnaire as svc
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
QUESTIONS = "/orgs/acme/teams/fraud/assessment/questions/"


def log_in(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(f"pw-{name}")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My teams")).to_be_visible()


def open_questions(page: Page) -> None:
    page.get_by_role("link", name="Fraud").first.click()
    page.get_by_role("link", name="Start my answers").click()
    expect(page.get_by_role("heading", name="Your context")).to_be_visible()


def unanswered(page: Page):
    return page.locator("fieldset[data-question]:visible:not(:has(input:checked))")


def answer_next(page: Page) -> str:
    """Choose the last real option (not 'not applicable') of the first open question."""
    qid = unanswered(page).first.get_attribute("data-question") or ""
    fieldset = page.locator(f"fieldset[data-question='{qid}']")  # pinned: answering changes :has()
    fieldset.locator("label.q-option:has(input:not([data-na]))").last.click()
    expect(fieldset.locator("[data-save-status]")).to_have_text("Saved")
    return qid


def saved(page: Page) -> None:
    expect(page.locator("[data-page-status]")).to_have_text("All answers saved.")


def test_a_member_answers_everything_with_a_reload_and_a_dropped_connection_then_a_lead_closes(
    world, live_server, page: Page
):
    svc.assessment_round_open(team=world.team, user=world.lead)
    log_in(page, live_server.url, "member")
    open_questions(page)

    total = page.locator("fieldset[data-question]:visible").count()
    for _ in range(total // 2):
        answer_next(page)
    saved(page)
    answered = page.locator("fieldset[data-question] input:checked").count()
    page.reload()
    expect(page.locator("fieldset[data-question] input:checked")).to_have_count(answered)

    page.context.set_offline(True)
    qid = unanswered(page).first.get_attribute("data-question")
    fieldset = page.locator(f"fieldset[data-question='{qid}']")
    fieldset.locator("label.q-option:has(input:not([data-na]))").last.click()
    expect(fieldset.locator("[data-save-status]")).to_have_text("Not saved — will retry")
    expect(page.locator("[data-page-status]")).to_contain_text("will retry")
    page.context.set_offline(False)
    expect(fieldset.locator("[data-save-status]")).to_have_text("Saved")
    assert Answer.objects.filter(question_id=qid, response__respondent=world.member).exists()

    while unanswered(page).count():
        answer_next(page)
    saved(page)
    expect(page.locator("[data-progress-text]")).to_contain_text(" of ")
    screenshot(page, "questionnaire")

    page.get_by_role("link", name="Review and submit").click()
    expect(page.get_by_text("Every question is answered.")).to_be_visible()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("Your answers are submitted")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/orgs/acme/teams/fraud/assessment/")
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_role("heading", name="Maturity of Fraud")).to_be_visible()
    expected = scorecard_for_team(world.team).frameworks
    assert expected["google"].claimed_level == 2  # the best option everywhere claims the top
    for framework in ("google", "azure"):
        level = page.locator(f"[data-assessed-level={framework}]")
        expect(level).to_have_text(str(expected[framework].assessed_level))
    screenshot(page, "team-result")


def test_the_questionnaire_fits_a_phone_and_answers_by_keyboard(world, live_server, phone: Page):
    svc.assessment_round_open(team=world.team, user=world.lead)
    log_in(phone, live_server.url, "member")
    phone.goto(live_server.url + QUESTIONS)
    first = phone.locator("fieldset[data-question]:visible input[type=radio]").first
    first.focus()
    phone.keyboard.press("Space")
    expect(phone.locator("fieldset[data-question]:visible [data-save-status]").first).to_have_text(
        "Saved"
    )
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    box = phone.locator("label.q-option").first.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    screenshot(phone, "questionnaire-phone")


def test_the_questionnaire_works_without_javascript(world, browser, live_server):
    svc.assessment_round_open(team=world.team, user=world.lead)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "member")
        page.goto(live_server.url + QUESTIONS)
        section = page.locator("form.q-section").first
        section.locator("label.q-option").first.click()
        section.get_by_role("button", name="Save this section").click()
        expect(page.get_by_text("Section saved.")).to_be_visible()
        assert Answer.objects.filter(response__respondent=world.member).count() == 1
    finally:
        context.close()


def test_branching_and_not_applicable_work_live_and_by_keyboard(world, live_server, page: Page):
    svc.assessment_round_open(team=world.team, user=world.lead)
    log_in(page, live_server.url, "member")
    page.goto(live_server.url + QUESTIONS)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()

    rollback = page.locator("fieldset[data-question='progressive_delivery_rollback']")
    serving = page.locator("fieldset[data-question='context_serving_mode']")
    expect(rollback).to_be_hidden()
    serving.get_by_label("Only online").check()
    expect(rollback).to_be_visible()
    serving.get_by_label("Only in batch").focus()
    page.keyboard.press("Space")
    expect(rollback).to_be_hidden()
    expect(serving.locator("[data-save-status]")).to_have_text("Saved")

    serving.get_by_label("Only online").check()
    rollback.get_by_label("Not applicable to our team").check()
    expect(rollback.locator("[data-save-status]")).to_contain_text("Say why")
    rollback.get_by_label("why does it not apply").fill("Predictions feed a nightly report only")
    expect(rollback.locator("[data-save-status]")).to_have_text("Saved")
    stored = Answer.objects.get(question_id="progressive_delivery_rollback")
    assert stored.not_applicable
    assert stored.justification == "Predictions feed a nightly report only"
