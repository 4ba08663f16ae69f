"""The shipped rubric says exactly what the product specification says."""

from __future__ import annotations

from collections import Counter

import pytest

from assessments.rubric.loader import get_rubric
from tests.assessments.events import PARAMETERS

RUBRIC = get_rubric("2026.1")

#: docs/rubric.md#capabilities: id -> (aspect, telemetry can show it).
CAPABILITIES = {
    "source_control": ("model_creation", True),
    "data_pipeline_automation": ("model_creation", True),
    "application_ci": ("application_integration", True),
    "model_integration_tests": ("application_integration", True),
    "experiment_tracking": ("model_creation", True),
    "managed_compute": ("model_creation", False),
    "automated_training": ("model_creation", True),
    "continuous_training": ("model_creation", True),
    "data_validation": ("model_creation", True),
    "model_validation": ("model_release", True),
    "model_registry": ("model_release", True),
    "lineage": ("model_release", True),
    "release_testing": ("application_integration", True),
    "automated_deployment": ("model_release", True),
    "progressive_delivery": ("model_release", True),
    "production_monitoring": ("application_integration", True),
    "monitoring_triggered_retraining": ("model_creation", True),
    "pipeline_ci": ("model_creation", True),
    "pipeline_cd": ("model_release", True),
    "environment_parity": ("model_creation", True),
    "ds_de_collaboration": ("people", False),
    "se_de_collaboration": ("people", False),
    "production_feedback_markers": ("people", False),
    "feature_store": ("model_creation", False),
}

#: docs/rubric.md#frameworks-and-levels.
LEVELS = {
    ("google", 1): {
        "automated_training",
        "continuous_training",
        "data_validation",
        "model_validation",
        "experiment_tracking",
        "lineage",
        "automated_deployment",
        "production_monitoring",
        "environment_parity",
    },
    ("google", 2): {
        "source_control",
        "pipeline_ci",
        "pipeline_cd",
        "model_registry",
        "progressive_delivery",
    },
    ("azure", 1): {
        "source_control",
        "data_pipeline_automation",
        "application_ci",
        "model_integration_tests",
    },
    ("azure", 2): {
        "experiment_tracking",
        "managed_compute",
        "automated_training",
        "model_registry",
        "ds_de_collaboration",
    },
    ("azure", 3): {
        "automated_deployment",
        "release_testing",
        "progressive_delivery",
        "lineage",
        "se_de_collaboration",
    },
    ("azure", 4): {
        "production_monitoring",
        "monitoring_triggered_retraining",
        "production_feedback_markers",
    },
}


SCORED = [q for q in RUBRIC.questions if not q.context]


def test_the_capabilities_are_those_of_the_specification_with_their_aspect_and_telemetry():
    assert {c.id: (c.aspect, c.telemetry) for c in RUBRIC.capabilities} == CAPABILITIES
    assert all(c.name and c.description for c in RUBRIC.capabilities)


@pytest.mark.parametrize(("framework", "level"), sorted(LEVELS))
def test_each_level_requires_what_the_specification_says(framework, level):
    assert set(RUBRIC.frameworks[framework].levels[level].requires) == LEVELS[framework, level]


def test_both_frameworks_cite_their_source_and_start_at_a_level_zero_requiring_nothing():
    for fw in RUBRIC.frameworks.values():
        assert fw.source.count("https://") == 1
        assert fw.levels[0].level == 0
        assert fw.levels[0].requires == ()
    assert [len(fw.levels) for fw in RUBRIC.frameworks.values()] == [3, 5]


def test_the_feature_store_is_optional_and_required_by_no_level():
    required = {c for fw in RUBRIC.frameworks.values() for lvl in fw.levels for c in lvl.requires}
    assert [c.id for c in RUBRIC.capabilities if c.optional] == ["feature_store"]
    assert "feature_store" not in required


def test_thresholds_are_those_of_the_specification():
    t = RUBRIC.thresholds
    assert (t.claim_met, t.claim_partial, t.disagreement_spread, t.window_days) == (
        0.75,
        0.4,
        0.5,
        90,
    )


def test_the_evidence_parameters_are_exactly_the_agreed_ones():
    assert {k: dict(v) for k, v in RUBRIC.evidence.items()} == PARAMETERS
    assert all(
        isinstance(v, tuple)
        for p in RUBRIC.evidence.values()
        for v in p.values()
        if not isinstance(v, int | float | str)
    )


def test_not_applicable_is_allowed_for_batch_only_progressive_delivery_and_few_others():
    allowed = {c.id for c in RUBRIC.capabilities if c.allows_not_applicable}
    assert allowed == {
        "progressive_delivery",
        "application_ci",
        "se_de_collaboration",
        "feature_store",
    }


def test_there_are_at_least_two_scored_questions_per_capability_and_48_in_all():
    per_capability = Counter(q.capability for q in SCORED)
    assert len(SCORED) >= 48
    assert min(per_capability[c.id] for c in RUBRIC.capabilities) >= 2


@pytest.mark.parametrize("question", SCORED, ids=lambda q: q.id)
def test_every_scored_question_is_graded_from_none_to_full_and_cites_a_framework(question):
    scores = [o.score for o in question.options]
    assert len(scores) >= 4
    assert scores == sorted(set(scores)), "options go from worst to best, each a distinct step"
    assert (scores[0], scores[-1]) == (0.0, 1.0)
    assert question.text.endswith("?")
    assert "Good:" in question.help
    assert "Google" in question.help or "Azure" in question.help


def test_context_questions_cover_serving_mode_regulation_and_models_in_production():
    context = {q.id: {o.id for o in q.options} for q in RUBRIC.questions if q.context}
    assert context["context_serving_mode"] == {"batch", "online", "both"}
    assert "regulated" in context["context_regulated"]
    assert len(context["context_models_in_production"]) >= 4


def test_online_only_questions_are_hidden_from_batch_only_teams():
    online_only = [q for q in RUBRIC.questions if q.show_if is not None]
    assert online_only
    for q in online_only:
        assert q.show_if is not None
        assert q.show_if.question == "context_serving_mode"
        assert "batch" not in q.show_if.any_of
        # A batch-only team still answers at least one question of the capability.
        assert any(o.capability == q.capability and o.show_if is None for o in SCORED)
