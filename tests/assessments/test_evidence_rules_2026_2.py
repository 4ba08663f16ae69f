"""The evidence rules of rubric 2026.2 against realistic event streams, each beside what
2026.1's parameters made of the same stream (docs/rubric.md#evidence-rules)."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.evidence import evidence_with_parameters, team_window
from assessments.rubric.loader import get_rubric
from assessments.rubric.types import EvidenceResult
from tests.assessments.events import NOW, PARAMETERS, PARAMETERS_2026_2, E, step, steps, store
from tests.conftest import World

pytestmark = pytest.mark.django_db

FULL_RUN: dict[str, Any] = {"code_version": "abc1", "data_version": "d1"}


def outcome(team: object, capability: str, version: str) -> EvidenceResult:
    window = team_window(team, window_days=90, now=NOW)  # type: ignore[arg-type]
    params = (PARAMETERS if version == "2026.1" else PARAMETERS_2026_2)[capability]
    return evidence_with_parameters(window, {capability: params})[capability]


def states(team: object, capability: str) -> tuple[str, str]:
    """(2026.1 state, 2026.2 state) of the capability over the team's stored events."""
    return outcome(team, capability, "2026.1").state, outcome(team, capability, "2026.2").state


def deployment(n: int, *, strategy: str = "replace", actor: str = "pipeline", **kw: Any) -> E:
    attrs = {"version": str(kw.pop("version", n)), "strategy": strategy, "status": "succeeded"}
    return E(
        f"dep{n:02}",
        "deployment",
        kw.pop("ago", 80 - n * 1.5),
        model="fraud",
        environment="production",
        actor=actor,
        run_id=kw.pop("run_id", ""),
        attrs=attrs,
    )


def test_the_test_parameters_are_those_of_the_rubric_in_force():
    assert get_rubric().version == "2026.2"
    assert {k: dict(v) for k, v in get_rubric().evidence.items()} == {
        k: dict(v) for k, v in PARAMETERS_2026_2.items()
    }


def test_one_canary_among_forty_replacements_is_not_progressive_delivery(world: World):
    store(
        world.team,
        [deployment(n, strategy="canary" if n == 20 else "replace") for n in range(1, 41)],
    )

    result = outcome(world.team, "progressive_delivery", "2026.2")

    assert states(world.team, "progressive_delivery") == ("met", "not_met")
    assert "1 of 39 deployments of a version after the model's first" in result.detail


def test_canaries_of_every_later_version_are_progressive_delivery(world: World):
    # The first version of a model has nothing to be compared with: it may replace.
    stream = [deployment(1)] + [deployment(n, strategy="canary") for n in range(2, 11)]
    store(world.team, stream)
    assert states(world.team, "progressive_delivery") == ("met", "met")


@pytest.mark.parametrize(
    ("scope", "commits", "expected"),
    [
        ("application", ("c1",) * 12, ("met", "not_met")),
        ("application", ("c1", "c2"), ("met", "met")),
        ("pipeline", ("c1",) * 5, ("met", "not_met")),
        ("pipeline", ("c1", "c2", "c3"), ("met", "met")),
    ],
)
def test_ci_needs_runs_on_two_distinct_commits(world: World, scope, commits, expected):
    attrs = {"scope": scope, "status": "passed"}
    store(
        world.team,
        [E(f"ci{i}", "ci_run", 1 + i, attrs={**attrs, "commit": c}) for i, c in enumerate(commits)],
    )
    capability = "application_ci" if scope == "application" else "pipeline_ci"
    assert states(world.team, capability) == expected


def test_model_tests_on_one_commit_count_when_they_tested_two_model_versions(world: World):
    stream = []
    for n in (1, 2):
        run = f"run{n}"
        attrs = {"version": str(n), "training_run_id": run}
        stream += [
            E(f"reg{n}", "model_registered", 10 - n, model="fraud", run_id=run, attrs=attrs),
            E(
                f"ci{n}",
                "ci_run",
                10 - n,
                model="fraud",
                run_id=run,
                attrs={"scope": "model", "status": "passed", "commit": "c1"},
            ),
        ]
    store(world.team, stream)
    assert states(world.team, "model_integration_tests") == ("met", "met")
    assert "2 model version(s)" in outcome(world.team, "model_integration_tests", "2026.2").detail


def test_one_model_test_run_is_not_integration_testing(world: World):
    store(
        world.team,
        [E("ci1", "ci_run", 3, attrs={"scope": "model", "status": "passed", "commit": "c1"})],
    )
    assert states(world.team, "model_integration_tests") == ("met", "not_met")


def _validated_release(world: World, *, status: str, validated_ago: float) -> None:
    store(
        world.team,
        [
            E(
                "reg1",
                "model_registered",
                12,
                model="fraud",
                attrs={"version": "1", "training_run_id": "r1"},
            ),
            E(
                "val1",
                "model_validation",
                validated_ago,
                model="fraud",
                attrs={"candidate_version": "1", "baseline_version": "0", "status": status},
            ),
            deployment(1, ago=10),
        ],
    )


@pytest.mark.parametrize(
    ("status", "validated_ago", "expected"),
    [
        ("passed", 11, ("met", "met")),
        ("failed", 11, ("met", "not_met")),
        ("passed", 5, ("met", "not_met")),  # validated only after it was deployed
    ],
)
def test_model_validation_counts_passed_validations_made_before_the_deployment(
    world: World, status, validated_ago, expected
):
    _validated_release(world, status=status, validated_ago=validated_ago)
    assert states(world.team, "model_validation") == expected


def test_deployments_that_do_not_state_their_actor_count_neither_way(world: World):
    stream = [deployment(n) for n in range(1, 10)] + [
        deployment(n, actor="") for n in range(10, 13)
    ]
    store(world.team, stream)
    assert states(world.team, "automated_deployment") == ("not_met", "met")


def test_deployments_that_never_state_their_actor_are_insufficient(world: World):
    store(world.team, [deployment(n, actor="") for n in range(1, 4)])
    assert states(world.team, "automated_deployment") == ("not_met", "insufficient")


def test_drift_and_performance_triggered_runs_are_continuous_training(world: World):
    store(
        world.team,
        [
            E(f"r{n}", "training_run", 10 + n, run_id=f"r{n}", attrs={"trigger": trigger})
            for n, trigger in enumerate(("drift", "performance", "manual"))
        ],
    )
    assert states(world.team, "continuous_training") == ("not_met", "met")


def test_latency_checks_alone_are_not_model_monitoring(world: World):
    checks = [
        E(
            f"m{n}",
            "monitoring_check",
            n + 0.5,
            model="fraud",
            environment="production",
            attrs={"kind": "latency", "status": "ok"},
        )
        for n in range(5)
    ]
    store(world.team, [deployment(1, ago=20), *checks])
    assert states(world.team, "production_monitoring") == ("met", "not_met")


def test_lineage_follows_the_deployments_own_run_when_nothing_is_registered(world: World):
    run = E("r1", "training_run", 12, run_id="r1", attrs=FULL_RUN)
    store(world.team, [run, deployment(1, ago=10, run_id="r1")])
    assert states(world.team, "lineage") == ("not_met", "met")


def test_lineage_prefers_the_registration_over_the_deployments_run(world: World):
    store(
        world.team,
        [
            E("r1", "training_run", 12, run_id="r1", attrs=FULL_RUN),
            E("r2", "training_run", 12, run_id="r2", attrs={"code_version": "abc1"}),
            E(
                "reg1",
                "model_registered",
                11,
                model="fraud",
                attrs={"version": "1", "training_run_id": "r2"},
            ),
            deployment(1, ago=10, run_id="r1"),
        ],
    )
    assert states(world.team, "lineage") == ("not_met", "not_met")


def test_data_gathered_by_a_pipeline_started_by_hand_is_data_pipeline_automation(world: World):
    attrs = {"trigger": "manual", "steps": steps("data_ingestion", "data_validation", "training")}
    store(
        world.team,
        [E(f"p{n}", "pipeline_run", n + 1, run_id=f"p{n}", attrs=attrs) for n in range(6)],
    )
    assert states(world.team, "data_pipeline_automation") == ("not_met", "met")


def test_failed_ingestion_steps_do_not_show_an_automated_data_pipeline(world: World):
    failed = {**step("data_ingestion"), "status": "failed"}
    runs = [
        E(
            f"p{n}",
            "pipeline_run",
            n + 1,
            run_id=f"p{n}",
            attrs={"trigger": "schedule", "steps": [failed]},
        )
        for n in range(4)
    ]
    ok = E(
        "ok",
        "pipeline_run",
        9,
        run_id="ok",
        attrs={"trigger": "schedule", "steps": steps("data_ingestion")},
    )
    store(world.team, [*runs, ok])
    assert states(world.team, "data_pipeline_automation") == ("met", "not_met")
