"""The question changes of rubric 2026.2, each scored from a realistic answer set beside what
2026.1 made of the same team."""

from __future__ import annotations

import re

import pytest

from assessments.rubric.loader import get_rubric
from assessments.scoring import score, shown_questions

OLD, NEW = get_rubric("2026.1"), get_rubric("2026.2")
DOCUMENTS = (
    'Google Cloud, "MLOps: Continuous delivery and automation pipelines in machine learning"',
    'Google Cloud, "Practitioners guide to MLOps"',
    'Azure Architecture Center, "Machine learning operations maturity model"',
)


def claim(rubric, capability: str, answers: dict[str, str]) -> str:
    return score(rubric, [answers], {}).capabilities[capability].state


def test_weekly_retraining_done_by_hand_is_not_continuous_training():
    team = {"context_serving_mode": "online", "context_data_change_rate": "weeks"}
    old = team | {
        "continuous_training_trigger": "reminder",
        "continuous_training_frequency": "weekly",
    }
    new = team | {
        "continuous_training_trigger": "reminder",
        "continuous_training_unattended": "by_hand",
        "continuous_training_keeps_pace": "pace",
    }
    assert claim(OLD, "continuous_training", old) == "partial"
    assert claim(NEW, "continuous_training", new) == "not_met"


def test_quarterly_unattended_retraining_keeps_pace_with_data_that_changes_over_months():
    team = {"context_serving_mode": "batch", "context_data_change_rate": "months"}
    old = team | {
        "continuous_training_trigger": "automatic",
        "continuous_training_frequency": "quarterly",
    }
    new = team | {
        "continuous_training_trigger": "automatic",
        "continuous_training_unattended": "unattended",
        "continuous_training_keeps_pace": "pace",
    }
    assert claim(OLD, "continuous_training", old) == "partial"
    assert claim(NEW, "continuous_training", new) == "met"


@pytest.mark.parametrize(
    ("unattended", "asked"),
    [("by_hand", False), ("supervised", True), ("mostly", True), ("unattended", True)],
)
def test_frequency_is_judged_only_for_retraining_a_pipeline_does(unattended, asked):
    shown = {q.id for q in shown_questions(NEW, {"continuous_training_unattended": unattended})}
    assert ("continuous_training_keeps_pace" in shown) is asked


def test_a_hand_run_script_deployed_within_hours_is_not_automated_deployment():
    old = {"automated_deployment_how": "script", "automated_deployment_time": "hours"}
    new = {"automated_deployment_how": "script", "automated_deployment_actor": "person"}
    assert claim(OLD, "automated_deployment", old) == "partial"
    assert claim(NEW, "automated_deployment", new) == "not_met"


def test_cd_to_test_with_a_manual_production_release_counts_as_pipeline_cd():
    answers = {"pipeline_cd_promotion": "pipeline_partial"}
    assert claim(OLD, "pipeline_cd", answers) == "partial"
    assert claim(NEW, "pipeline_cd", answers) == "met"


@pytest.mark.parametrize(("serving", "asked"), [("batch", False), ("online", True), ("both", True)])
def test_latency_release_tests_are_asked_only_of_teams_that_serve_online(serving, asked):
    shown = {q.id for q in shown_questions(NEW, {"context_serving_mode": serving})}
    assert ("release_testing_load" in shown) is asked
    assert "release_testing_coverage" in shown


def test_a_batch_team_that_tests_every_release_fully_meets_release_testing_without_latency():
    batch = {
        "context_serving_mode": "batch",
        "release_testing_before_serving": "every_release",
        "release_testing_coverage": "all",
        "release_testing_load": "no",  # hidden from a batch team: ignored
    }
    assert claim(NEW, "release_testing", batch) == "met"
    assert claim(NEW, "release_testing", batch | {"context_serving_mode": "online"}) == "partial"


def test_a_staged_release_judged_automatically_is_met_without_automatic_rollback():
    answers = {
        "context_serving_mode": "online",
        "progressive_delivery_first_use": "staged",
        "progressive_delivery_rollback": "one_click",
    }
    assert claim(NEW, "progressive_delivery", answers) == "met"
    assert (
        claim(OLD, "progressive_delivery", answers | {"progressive_delivery_first_use": "staged"})
        == "partial"
    )


@pytest.mark.parametrize("question", NEW.questions, ids=lambda q: q.id)
def test_every_question_cites_its_source_document_and_section(question):
    sources = re.findall(r"Source: (.+)\.$", question.help)
    assert sources, "the help ends with a Source: sentence"
    for citation in sources[0].split("; "):
        assert citation.startswith(DOCUMENTS), citation
        assert re.search(r'(section "[^"]+"|"Level \d: [^"]+")', citation), citation


def test_questions_retired_by_2026_2_are_gone_and_their_rounds_keep_2026_1():
    retired = {
        "continuous_training_frequency",
        "automated_deployment_time",
        "release_testing_scope",
    }
    assert retired <= {q.id for q in OLD.questions}
    assert not retired & {q.id for q in NEW.questions}
