"""The shipped advice points each practice at the reference pipeline step that really shows
it, credits the sources only with what they say, and gives advice a practitioner would."""

from __future__ import annotations

import pytest

from assessments.reports.advice import default_advice_text, parse_advice
from pipelines.models import Level
from pipelines.services.plans import steps_for
from tests.assessments.reports.helpers import rubric

ADVICE = parse_advice(default_advice_text(), rubric())
#: Parts of the reference workflows that are not steps of a run, by the level that has them.
WORKFLOW_PARTS: dict[int, set[str]] = {
    Level.AUTOMATED: {"canary", "new-data trigger", "bootstrap", "monitoring", "production run"},
    Level.CICD: {"alert-triggered retraining", "pipeline delivery"},
}


def _where(capability: str) -> tuple[int | None, str]:
    item = ADVICE.for_capability(capability)
    return item.reference_level, item.reference_step.split(" (")[0]


@pytest.mark.parametrize("item", ADVICE.items.values(), ids=lambda i: i.capability)
def test_every_pointer_names_a_step_or_part_of_that_level_s_workflow(item):
    if not item.reference_step:
        return
    level, step = _where(item.capability)
    assert level is not None
    steps = {name for name, _ in steps_for(level, "production")}
    assert step in steps | WORKFLOW_PARTS.get(level, set()), (level, step)


@pytest.mark.parametrize(
    ("capability", "where"),
    [
        ("continuous_training", (1, "new-data trigger")),
        ("monitoring_triggered_retraining", (2, "alert-triggered retraining")),
        ("application_ci", (1, "test_model")),
        ("progressive_delivery", (1, "canary")),
        ("release_testing", (1, "test_model")),
        ("pipeline_ci", (2, "test_pipeline")),
    ],
)
def test_the_pointers_the_review_found_wrong_now_point_where_the_practice_shows(capability, where):
    assert _where(capability) == where


def test_practices_no_reference_step_shows_have_no_pointer():
    for capability in ("feature_store", "managed_compute", "ds_de_collaboration"):
        assert ADVICE.for_capability(capability).reference == ""


def test_progressive_delivery_does_not_credit_automatic_rollback_to_the_sources():
    item = ADVICE.for_capability("progressive_delivery")
    assert "rollback" not in item.cites.lower()
    assert "neither source requires it" in item.why


def test_release_testing_advises_testing_the_artifact_that_will_be_deployed():
    steps = " ".join(ADVICE.for_capability("release_testing").steps)
    assert "7 days" not in steps
    assert "exact model version that is about to be promoted" in steps
    assert "before promotion" in steps


def test_collaboration_advice_names_concrete_practices():
    ds_de = " ".join(ADVICE.for_capability("ds_de_collaboration").steps)
    se_de = " ".join(ADVICE.for_capability("se_de_collaboration").steps)
    assert "data contract" in ds_de
    assert "Pair" in ds_de
    assert "pipeline code" in ds_de
    assert "on-call rotation" in se_de
