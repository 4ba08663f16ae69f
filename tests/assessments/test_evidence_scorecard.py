"""End to end: a team's scripted telemetry, through the evidence rules and the scoring engine."""

from __future__ import annotations

import pytest

from assessments.evidence import evidence_for_team
from assessments.rubric.loader import get_rubric
from assessments.scoring import score
from tests.assessments.events import NOW, E, steps, store
from tests.assessments.scoring.profiles import meeting
from tests.conftest import World

pytestmark = pytest.mark.dated

RUN = {
    "trigger": "schedule",
    "code_version": "abc",
    "data_version": "d1",
    "params": {"lr": 0.1},
    "metrics": {"auc": 0.91},
}
#: Orchestrated and scheduled, but no data_validation step before training.
PIPELINE = {
    "trigger": "schedule",
    "pipeline_version": "v1",
    "steps": steps("data_ingestion", "training", "evaluation"),
}

STREAM = [
    E("r1", "training_run", 20, model="fraud", run_id="r1", attrs=RUN),
    E("r2", "training_run", 10, model="fraud", run_id="r2", attrs=RUN),
    E(
        "p1",
        "pipeline_run",
        20,
        run_id="r1",
        pipeline="train",
        environment="production",
        attrs=PIPELINE,
    ),
    E(
        "p2",
        "pipeline_run",
        10,
        run_id="r2",
        pipeline="train",
        environment="production",
        attrs=PIPELINE,
    ),
    E("p3", "pipeline_run", 12, run_id="r3", pipeline="train", environment="dev", attrs=PIPELINE),
    E("ci-app", "ci_run", 5, attrs={"scope": "application", "status": "passed"}),
    E("ci-pipe", "ci_run", 5, attrs={"scope": "pipeline", "status": "passed"}),
    # Model tests pass, but long before the release (the lookback is 7 days).
    E("ci-model", "ci_run", 30, attrs={"scope": "model", "status": "passed"}),
    E(
        "reg1",
        "model_registered",
        19,
        model="fraud",
        attrs={"version": "1", "training_run_id": "r1"},
    ),
    E(
        "val1",
        "model_validation",
        18,
        model="fraud",
        attrs={"candidate_version": "1", "baseline_version": "0", "status": "passed"},
    ),
    E(
        "dep1",
        "deployment",
        9,
        model="fraud",
        environment="production",
        actor="pipeline",
        attrs={"version": "1", "strategy": "canary", "status": "succeeded"},
    ),
    E("mon1", "monitoring_check", 2, model="fraud", attrs={"kind": "latency", "status": "ok"}),
    E(
        "pd-staging",
        "pipeline_deployed",
        8,
        environment="staging",
        actor="ci",
        attrs={"pipeline_version": "v1"},
    ),
    E(
        "pd-prod",
        "pipeline_deployed",
        7,
        environment="production",
        actor="ci",
        attrs={"pipeline_version": "v1"},
    ),
]


def test_telemetry_contradicts_the_claims_it_shows_missing_and_gates_the_levels(world: World):
    store(world.team, STREAM)
    store(
        world.foreign_team,
        [E("ci-late", "ci_run", 10, attrs={"scope": "model", "status": "passed"})],
    )
    rubric = get_rubric("2026.1")
    evidence = evidence_for_team(world.team, window_days=90, now=NOW, rubric=rubric)
    card = score(rubric, [meeting(rubric, [c.id for c in rubric.capabilities])], evidence)

    contradicted = {c for c, s in card.capabilities.items() if s.state == "contradicted"}
    assert contradicted == {"data_validation", "release_testing"}
    assert card.capabilities["data_validation"].events == ("p2", "p3", "p1")
    assert card.capabilities["release_testing"].events == ("dep1",)
    assert evidence["monitoring_triggered_retraining"].state == "insufficient"
    assert card.capabilities["monitoring_triggered_retraining"].unverified
    met_by_telemetry = {c for c, r in evidence.items() if r.state == "met"}
    assert met_by_telemetry == set(evidence) - contradicted - {"monitoring_triggered_retraining"}

    google, azure = card.frameworks["google"], card.frameworks["azure"]
    assert (google.claimed_level, google.assessed_level) == (2, 0)
    assert "data_validation" in google.blocking
    assert (azure.claimed_level, azure.assessed_level) == (4, 2)
    assert azure.blocking == ("release_testing",)
