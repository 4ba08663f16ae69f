"""Claims, evidence and their combination, per docs/rubric.md#scoring."""

from __future__ import annotations

import pytest

from assessments.rubric.loader import get_rubric
from assessments.rubric.scorecard import NotApplicable
from assessments.rubric.types import EvidenceResult, Thresholds
from assessments.scoring import score, shown_questions
from assessments.scoring.claims import claim_state
from tests.assessments.scoring.profiles import evidence, meeting, not_applicable, respondent

RUBRIC = get_rubric("2026.1")
GOOGLE_ALL = RUBRIC.frameworks["google"].required_up_to(2)


def sc(first: str, second: str) -> dict[str, object]:
    """Answers to the two source_control questions."""
    return {"source_control_where_code_lives": first, "source_control_review": second}


@pytest.mark.parametrize(
    ("value", "state"),
    [
        (1.0, "met"),
        (0.75, "met"),
        (0.1 + 0.65, "met"),
        (0.7499, "partial"),
        (0.4, "partial"),
        (0.39, "not_met"),
        (0.0, "not_met"),
    ],
)
def test_a_claim_is_met_from_075_partial_from_04_else_not_met(value, state):
    assert claim_state(value, Thresholds()) == state


@pytest.mark.parametrize(
    ("respondents", "claim_score", "claim", "disagreement"),
    [
        ([sc("all", "protected")], 1.0, "met", False),
        ([sc("most", "sometimes")], 0.475, "partial", False),
        ([sc("all", "protected"), sc("most", "reviewed")], 0.85, "met", False),
        ([sc("all", "protected"), sc("local", "direct")], 0.5, "partial", True),
        (
            [sc("all", "protected"), sc("most", "reviewed"), sc("local", "direct")],
            0.7,
            "partial",
            True,
        ),
        ([sc("all", "protected"), {"source_control_review": "direct"}], 0.5, "partial", True),
    ],
    ids=[
        "one respondent, all best",
        "one respondent, middling",
        "two who agree",
        "two who disagree",
        "the median of three",
        "a partial answer counts what was answered",
    ],
)
def test_the_team_claim_is_the_median_of_respondents_and_a_wide_spread_is_disagreement(
    respondents, claim_score, claim, disagreement
):
    card = score(RUBRIC, respondents, {})
    cap = card.capabilities["source_control"]
    assert cap.claim_score == pytest.approx(claim_score)
    assert (cap.claim, cap.state, cap.disagreement) == (claim, claim, disagreement)
    assert ("source_control" in card.disagreements) == disagreement
    assert len(cap.respondent_scores) == len(respondents)


def test_nothing_answered_and_no_evidence_is_unknown_not_not_met():
    cap = score(RUBRIC, [{}], {}).capabilities["lineage"]
    assert (cap.state, cap.claim, cap.claim_score, cap.score) == ("unknown", "unknown", None, 0.0)
    assert not cap.unverified
    assert "Not answered" in cap.note


def test_a_justified_not_applicable_counts_as_met_for_gating():
    answers = meeting(RUBRIC, set(GOOGLE_ALL) - {"progressive_delivery"})
    answers |= {"context_serving_mode": "batch"}
    answers |= not_applicable(RUBRIC, "progressive_delivery", "scores are written nightly")
    card = score(RUBRIC, [answers], {})
    cap = card.capabilities["progressive_delivery"]
    assert (cap.state, cap.claim, cap.score) == ("not_applicable", "not_applicable", 1.0)
    assert "scores are written nightly" in cap.note
    assert card.frameworks["google"].assessed_level == 2


@pytest.mark.parametrize(
    ("capability", "justification"),
    [("progressive_delivery", "   "), ("data_validation", "we trust our data")],
    ids=["without a justification", "where the capability does not allow it"],
)
def test_a_not_applicable_that_is_not_allowed_is_ignored(capability, justification):
    answers = {
        q.id: NotApplicable(justification) for q in RUBRIC.questions if q.capability == capability
    }
    cap = score(RUBRIC, [answers], {}).capabilities[capability]
    assert cap.state == "unknown"


def test_not_applicable_needs_every_respondent_who_answered():
    declared = not_applicable(RUBRIC, "application_ci", "predictions go to a warehouse table")
    scored = respondent(RUBRIC, {"application_ci": 1.0}, default=None)
    both = score(RUBRIC, [declared, declared], {}).capabilities["application_ci"]
    mixed = score(RUBRIC, [declared, scored], {}).capabilities["application_ci"]
    assert both.state == "not_applicable"
    assert (mixed.state, mixed.claim_score, mixed.disagreement) == ("met", 1.0, True)
    assert "Some respondents declared it not applicable" in mixed.note


def test_telemetry_showing_a_claimed_practice_missing_contradicts_it():
    answers = meeting(RUBRIC, RUBRIC.frameworks["google"].required_up_to(1))
    bad = {"data_validation": EvidenceResult("not_met", ("e1", "e2"), "1 of 12 runs validated")}
    card = score(RUBRIC, [answers], bad)
    cap = card.capabilities["data_validation"]
    assert (cap.state, cap.claim, cap.evidence, cap.score) == ("contradicted", "met", "not_met", 0)
    assert cap.events == ("e1", "e2")
    assert "1 of 12 runs validated" in cap.note
    google = card.frameworks["google"]
    assert (google.claimed_level, google.assessed_level) == (1, 0)
    assert google.blocking == ("data_validation",)
    assert "contradicted by telemetry" in google.explanation
    assert "answers alone would place the team at level 1" in google.explanation


@pytest.mark.parametrize(
    ("target", "claim"),
    [(0.0, "not_met"), (0.55, "partial"), (None, "unknown")],
    ids=["claimed not met", "claimed partial", "not answered"],
)
def test_telemetry_showing_a_practice_met_makes_it_met_and_notes_an_under_claim(target, claim):
    answers = respondent(RUBRIC, {"lineage": target}, default=None)
    cap = score(RUBRIC, [answers], evidence("met", ["lineage"])).capabilities["lineage"]
    assert (cap.state, cap.claim, cap.evidence, cap.unverified) == ("met", claim, "met", False)
    assert cap.events == ("evt-lineage",)
    if claim != "unknown":
        assert "Under-claim" in cap.note


@pytest.mark.parametrize(
    ("capability", "result", "evidence_state"),
    [
        ("lineage", EvidenceResult("insufficient"), "insufficient"),
        ("managed_compute", None, None),
        ("lineage", None, None),
    ],
    ids=["insufficient telemetry", "no evidence rule", "no evidence evaluated"],
)
def test_without_usable_telemetry_the_claim_stands_unverified(capability, result, evidence_state):
    answers = respondent(RUBRIC, {capability: 1.0}, default=None)
    given = {capability: result} if result else {}
    cap = score(RUBRIC, [answers], given).capabilities[capability]
    assert (cap.state, cap.evidence, cap.unverified) == ("met", evidence_state, True)
    assert "unverified" in cap.note


def test_telemetry_not_met_confirms_an_answer_of_not_met_and_decides_an_unanswered_one():
    answers = respondent(RUBRIC, {"lineage": 0.0}, default=None)
    card = score(RUBRIC, [answers], evidence("not_met", ["lineage", "model_registry"]))
    assert card.capabilities["lineage"].state == "not_met"
    assert card.capabilities["model_registry"].state == "not_met"
    assert card.capabilities["model_registry"].claim == "unknown"


def test_telemetry_alone_yields_a_scorecard():
    shown = [c.id for c in RUBRIC.capabilities if c.telemetry]
    card = score(RUBRIC, [], evidence("met", shown))
    assert card.respondents == 0
    assert card.frameworks["google"].assessed_level == 2
    assert card.frameworks["google"].claimed_level == 0
    assert card.frameworks["google"].evidence_coverage == 1.0
    # Azure level 2 needs managed compute and collaboration, which only answers can show.
    assert card.frameworks["azure"].assessed_level == 1
    assert card.frameworks["azure"].blocking == ("managed_compute", "ds_de_collaboration")


@pytest.mark.parametrize(
    ("backed", "coverage"),
    [(0, 0.0), (7, 0.5), (14, 1.0)],
)
def test_evidence_coverage_is_the_share_of_required_capabilities_backed_by_telemetry(
    backed, coverage
):
    required = list(GOOGLE_ALL)
    given = evidence("not_met", required[:backed]) | {
        c: EvidenceResult("insufficient") for c in required[backed:]
    }
    assert len(required) == 14
    card = score(RUBRIC, [], given)
    assert card.frameworks["google"].evidence_coverage == coverage


def test_progress_to_the_next_level_counts_met_and_half_of_partial():
    level_one = RUBRIC.frameworks["google"].levels[1].requires
    targets = dict.fromkeys(level_one[:3], 1.0) | dict.fromkeys(level_one[3:5], 0.55)
    card = score(RUBRIC, [respondent(RUBRIC, targets)], {})
    google = card.frameworks["google"]
    assert (google.assessed_level, google.next_level) == (0, 1)
    assert google.progress_to_next == pytest.approx((3 + 0.5 * 2) / len(level_one), abs=1e-4)
    assert google.blocking == tuple(level_one[3:])


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ({"ds_de_collaboration": 1.0, "se_de_collaboration": 0.55}, 50.0),
        (
            {
                "ds_de_collaboration": 1.0,
                "se_de_collaboration": 1.0,
                "production_feedback_markers": 1.0,
            },
            100.0,
        ),
        ({}, 0.0),
    ],
)
def test_an_aspect_score_is_the_mean_capability_score_out_of_100(people, expected):
    card = score(RUBRIC, [respondent(RUBRIC, people)], {})
    assert card.aspects["people"] == expected
    assert set(card.aspects) == {
        "people",
        "model_creation",
        "model_release",
        "application_integration",
    }


def test_not_applicable_and_optional_capabilities_leave_aspect_scores_alone():
    answers = respondent(RUBRIC, {"ds_de_collaboration": 1.0})
    answers |= not_applicable(RUBRIC, "se_de_collaboration", "no application consumes the model")
    assert score(RUBRIC, [answers], {}).aspects["people"] == 50.0
    with_store = respondent(RUBRIC, {"feature_store": 1.0})
    assert score(RUBRIC, [with_store], {}).aspects["model_creation"] == 0.0


@pytest.mark.parametrize(
    ("serving", "state"),
    [("batch", "met"), ("online", "partial"), ("both", "partial"), (None, "met")],
)
def test_hidden_questions_do_not_count(serving, state):
    answers = {
        "progressive_delivery_first_use": "staged_rollback",
        "progressive_delivery_rollback": "complaints",
    }
    if serving:
        answers["context_serving_mode"] = serving
    cap = score(RUBRIC, [answers], {}).capabilities["progressive_delivery"]
    assert cap.state == state
    assert ("progressive_delivery_rollback" in cap.answers) == (state == "partial")


def test_a_batch_only_team_is_not_shown_online_questions():
    shown = {q.id for q in shown_questions(RUBRIC, {"context_serving_mode": "batch"})}
    online = {q.id for q in shown_questions(RUBRIC, {"context_serving_mode": "online"})}
    assert online - shown == {
        "progressive_delivery_rollback",
        "production_monitoring_service_health",
    }


def test_answers_naming_unknown_questions_or_options_are_ignored():
    answers = {"no_such_question": "yes", "lineage_trace_back": "no_such_option"}
    assert score(RUBRIC, [answers], {}).capabilities["lineage"].state == "unknown"


@pytest.mark.parametrize(("given", "expected"), [(None, 90), (30, 30)])
def test_the_window_defaults_to_the_rubrics(given, expected):
    card = score(RUBRIC, [], {}, window_days=given)
    assert card.window_days == expected
    assert card.rubric_version == RUBRIC.version


def test_the_explanation_names_what_holds_the_level_and_how_answers_compare():
    answers = respondent(
        RUBRIC, {"source_control": 1.0, "application_ci": 1.0, "model_integration_tests": 0.55}
    )
    card = score(RUBRIC, [answers], evidence("met", ["data_pipeline_automation"]))
    azure = card.frameworks["azure"]
    assert (azure.claimed_level, azure.assessed_level) == (0, 0)
    assert azure.explanation == (
        "Azure MLOps maturity model level 0 (No MLOps). Level 1 (DevOps but no MLOps) also "
        "needs: Model integration tests is only partly in place."
    )
    lifted = score(
        RUBRIC, [answers], evidence("met", ["data_pipeline_automation", "model_integration_tests"])
    )
    assert lifted.frameworks["azure"].assessed_level == 1
    assert "Telemetry shows more than the answers claim (level 0)" in (
        lifted.frameworks["azure"].explanation
    )
