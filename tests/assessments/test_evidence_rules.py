"""Each evidence rule against scripted event streams: met, not_met, insufficient, edges, joins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from assessments.evidence import RULES, evidence_with_parameters, team_window
from assessments.evidence.base import Params
from assessments.evidence.outcome import EVENT_CAP
from assessments.rubric.types import EvidenceResult
from tests.assessments.events import NOW, PARAMETERS, E, steps, store
from tests.conftest import World

pytestmark = pytest.mark.dated

CODE: dict[str, Any] = {"code_version": "abc1"}
TRACKED: dict[str, Any] = {"params": {"lr": 0.1}, "metrics": {"auc": 0.9}}
FULL_RUN: dict[str, Any] = {**CODE, **TRACKED, "data_version": "d1"}


def evaluate(
    team: object, capability: str, params: Params | None = None, days: int = 90
) -> EvidenceResult:
    window = team_window(team, window_days=days, now=NOW)  # type: ignore[arg-type]
    parameters = {capability: params if params is not None else PARAMETERS[capability]}
    return evidence_with_parameters(window, parameters)[capability]


@dataclass(frozen=True)
class Case:
    name: str
    capability: str
    stream: tuple[E, ...]
    state: str
    #: Event ids expected first in the result, in order.
    first_ids: tuple[str, ...] = ()


def run(id: str, *, ago: float = 1, **attrs: object) -> E:
    return E(id, "training_run", ago, run_id=id, attrs=attrs)


def prun(
    id: str, *kinds: str, trigger: str = "schedule", env: str = "", version: str = "", of: str = ""
) -> E:
    """A pipeline run; `of` is the run id it shares with a training run."""
    attrs = {"trigger": trigger, "steps": steps(*kinds), "pipeline_version": version}
    return E(id, "pipeline_run", 1, run_id=of or id, environment=env, pipeline="train", attrs=attrs)


def deploy(id: str, version: str = "1", ago: float = 1, **kw: object) -> E:
    attrs = {"version": version, "strategy": kw.pop("strategy", "replace"), "status": "succeeded"}
    return E(
        id,
        "deployment",
        ago,
        model="fraud",
        environment=str(kw.pop("env", "production")),
        actor=str(kw.pop("actor", "pipeline")),
        attrs=attrs,
    )


def register(id: str, version: str = "1", run_id: str = "r1", model: str = "fraud") -> E:
    attrs = {"version": version, "training_run_id": run_id}
    return E(id, "model_registered", 2, model=model, attrs=attrs)


def ci(id: str, scope: str, status: str = "passed", ago: float = 1, model: str = "") -> E:
    return E(id, "ci_run", ago, model=model, attrs={"scope": scope, "status": status})


CASES = [
    # source_control
    Case(
        "all runs carry code",
        "source_control",
        (run("a", **CODE), run("b", **CODE)),
        "met",
        ("b", "a"),
    ),
    Case(
        "one run in two lacks code",
        "source_control",
        (run("a", **CODE), run("b")),
        "not_met",
        ("b", "a"),
    ),
    Case(
        "an empty code_version does not count",
        "source_control",
        (run("a", code_version=""), run("b", **CODE)),
        "not_met",
        ("a",),
    ),
    Case("no runs", "source_control", (ci("c", "model"),), "insufficient"),
    Case(
        "runs outside the window are not counted",
        "source_control",
        (run("old", ago=91), run("a", **CODE)),
        "met",
        ("a",),
    ),
    Case(
        "the window end is included", "source_control", (run("edge", ago=0),), "not_met", ("edge",)
    ),
    Case("the window start is excluded", "source_control", (run("edge", ago=90),), "insufficient"),
    Case(
        "events after now are not counted",
        "source_control",
        (run("future", ago=-1),),
        "insufficient",
    ),
    # experiment_tracking
    Case("params and metrics recorded", "experiment_tracking", (run("a", **TRACKED),), "met"),
    Case(
        "empty params do not count",
        "experiment_tracking",
        (run("a", params={}, metrics={"auc": 1}),),
        "not_met",
        ("a",),
    ),
    Case("no runs to track", "experiment_tracking", (), "insufficient"),
    # automated_training: runs joined to their pipeline_run by run_id
    Case(
        "run inside an orchestrated pipeline",
        "automated_training",
        (run("r1"), prun("p1", "data_ingestion", "data_validation", "training", of="r1")),
        "met",
        ("r1",),
    ),
    Case(
        "pipeline with two steps is not enough",
        "automated_training",
        (run("r1"), prun("p1", "data_ingestion", "training", of="r1")),
        "not_met",
        ("r1",),
    ),
    Case(
        "pipeline without a training step",
        "automated_training",
        (run("r1"), prun("p1", "data_ingestion", "evaluation", "other", of="r1")),
        "not_met",
    ),
    Case("run with no pipeline run", "automated_training", (run("r1"),), "not_met", ("r1",)),
    Case(
        "four runs of five orchestrated is 80%",
        "automated_training",
        (
            *(run(f"r{i}") for i in range(5)),
            *(
                prun(f"p{i}", "data_ingestion", "training", "evaluation", of=f"r{i}")
                for i in range(4)
            ),
        ),
        "met",
    ),
    # continuous_training
    Case(
        "two scheduled runs",
        "continuous_training",
        (run("a", trigger="schedule"), run("b", trigger="new_data"), run("c", trigger="manual")),
        "met",
        ("b", "a"),
    ),
    Case(
        "one scheduled run is not enough",
        "continuous_training",
        (run("a", trigger="schedule"), run("b", trigger="manual")),
        "not_met",
    ),
    Case("no runs to retrain", "continuous_training", (), "insufficient"),
    # data_pipeline_automation
    Case(
        "scheduled pipeline ingests data",
        "data_pipeline_automation",
        (prun("p1", "data_ingestion", "training"),),
        "met",
        ("p1",),
    ),
    Case(
        "manual ingestion does not count",
        "data_pipeline_automation",
        (prun("p1", "data_ingestion", trigger="manual"),),
        "not_met",
        ("p1",),
    ),
    Case("no pipeline runs", "data_pipeline_automation", (run("a"),), "insufficient"),
    # data_validation
    Case(
        "validation before training",
        "data_validation",
        (prun("p1", "data_ingestion", "data_validation", "training"),),
        "met",
        ("p1",),
    ),
    Case(
        "validation after training does not count",
        "data_validation",
        (prun("p1", "training", "data_validation"),),
        "not_met",
        ("p1",),
    ),
    Case(
        "pipelines without training are not counted",
        "data_validation",
        (prun("p1", "data_ingestion"),),
        "insufficient",
    ),
    # model_validation: registered versions that were deployed
    Case(
        "deployed version validated against a baseline",
        "model_validation",
        (
            register("reg"),
            deploy("d1"),
            deploy("d2"),
            E(
                "v",
                "model_validation",
                2,
                model="fraud",
                attrs={"candidate_version": "1", "baseline_version": "0", "status": "passed"},
            ),
        ),
        "met",
    ),
    Case(
        "deployed version never validated",
        "model_validation",
        (register("reg"), deploy("d1")),
        "not_met",
        ("d1",),
    ),
    Case(
        "validation of another model does not count",
        "model_validation",
        (
            register("reg"),
            deploy("d1"),
            E(
                "v",
                "model_validation",
                2,
                model="churn",
                attrs={"candidate_version": "1", "baseline_version": "0"},
            ),
        ),
        "not_met",
        ("d1",),
    ),
    Case(
        "unregistered deployments are not counted",
        "model_validation",
        (deploy("d1"),),
        "insufficient",
    ),
    # model_registry
    Case(
        "every deployment names a registered version",
        "model_registry",
        (register("reg"), deploy("d1")),
        "met",
        ("d1",),
    ),
    Case(
        "a deployment of an unregistered version",
        "model_registry",
        (register("reg"), deploy("d1"), deploy("d2", version="2")),
        "not_met",
        ("d2", "d1"),
    ),
    Case("no deployments to check", "model_registry", (register("reg"),), "insufficient"),
    Case(
        "staging deployments are not counted",
        "model_registry",
        (register("reg"), deploy("d1", version="9", env="staging")),
        "insufficient",
    ),
    Case(
        "a deployment without environment is production",
        "model_registry",
        (register("reg"), deploy("d1", version="9", env="")),
        "not_met",
        ("d1",),
    ),
    # lineage: deployment -> registered version -> training run
    Case(
        "deployment traces to a versioned run",
        "lineage",
        (run("r1", **FULL_RUN), register("reg", run_id="r1"), deploy("d1")),
        "met",
        ("d1",),
    ),
    Case(
        "run without data_version",
        "lineage",
        (run("r1", **CODE), register("reg", run_id="r1"), deploy("d1")),
        "not_met",
        ("d1",),
    ),
    Case(
        "registration names an unknown run",
        "lineage",
        (run("r1", **FULL_RUN), register("reg", run_id="r9"), deploy("d1")),
        "not_met",
    ),
    Case("no deployments to trace", "lineage", (run("r1", **FULL_RUN),), "insufficient"),
    # release_testing
    Case(
        "passed model tests the day before",
        "release_testing",
        (ci("c", "model", ago=2), deploy("d1")),
        "met",
        ("d1",),
    ),
    Case(
        "tests older than the lookback",
        "release_testing",
        (ci("c", "model", ago=9), deploy("d1")),
        "not_met",
        ("d1",),
    ),
    Case(
        "failed tests do not count",
        "release_testing",
        (ci("c", "model", "failed", ago=2), deploy("d1")),
        "not_met",
    ),
    Case(
        "tests of another model do not count",
        "release_testing",
        (ci("c", "model", ago=2, model="churn"), deploy("d1")),
        "not_met",
    ),
    Case(
        "tests after the deployment do not count",
        "release_testing",
        (ci("c", "model", ago=0.5), deploy("d1")),
        "not_met",
    ),
    # automated_deployment
    Case(
        "deployments by the pipeline", "automated_deployment", (deploy("d1"), deploy("d2")), "met"
    ),
    Case(
        "a hand deployment in two",
        "automated_deployment",
        (deploy("d1"), deploy("d2", actor="human")),
        "not_met",
        ("d2", "d1"),
    ),
    Case(
        "no production deployments",
        "automated_deployment",
        (deploy("d1", env="dev"),),
        "insufficient",
    ),
    # progressive_delivery
    Case("a canary release", "progressive_delivery", (deploy("d1", strategy="canary"),), "met"),
    Case("only replacements", "progressive_delivery", (deploy("d1"),), "not_met", ("d1",)),
    # production_monitoring
    Case(
        "deployed model checked this week",
        "production_monitoring",
        (deploy("d1"), E("m", "monitoring_check", 3, model="fraud")),
        "met",
    ),
    Case(
        "check older than the last 7 days",
        "production_monitoring",
        (deploy("d1"), E("m", "monitoring_check", 8, model="fraud")),
        "not_met",
        ("d1",),
    ),
    Case(
        "check of another model",
        "production_monitoring",
        (deploy("d1"), E("m", "monitoring_check", 1, model="churn")),
        "not_met",
    ),
    Case(
        "nothing deployed to monitor",
        "production_monitoring",
        (E("m", "monitoring_check", 1, model="fraud"),),
        "insufficient",
    ),
    # monitoring_triggered_retraining
    Case(
        "drift alert answered by a retraining",
        "monitoring_triggered_retraining",
        (
            E("a", "alert", 3, model="fraud", attrs={"alert_id": "A1", "kind": "drift"}),
            run("r", ago=2, trigger="drift", alert_id="A1"),
        ),
        "met",
        ("r",),
    ),
    Case(
        "alert no run names",
        "monitoring_triggered_retraining",
        (
            E("a", "alert", 3, attrs={"alert_id": "A1", "kind": "performance"}),
            run("r", ago=2, trigger="drift", alert_id="A2"),
        ),
        "not_met",
        ("a",),
    ),
    Case(
        "latency alerts are not counted",
        "monitoring_triggered_retraining",
        (E("a", "alert", 3, attrs={"alert_id": "A1", "kind": "latency"}),),
        "insufficient",
    ),
    # ci rules
    Case("application CI", "application_ci", (ci("c", "application"),), "met", ("c",)),
    Case("only model CI", "application_ci", (ci("c", "model"),), "not_met", ("c",)),
    Case("no CI", "application_ci", (), "insufficient"),
    Case(
        "model integration tests", "model_integration_tests", (ci("c", "model", "failed"),), "met"
    ),
    Case("pipeline CI", "pipeline_ci", (ci("c", "pipeline"),), "met"),
    Case("no pipeline CI", "pipeline_ci", (ci("c", "application"),), "not_met"),
    # pipeline_cd
    Case(
        "CI delivers to two environments",
        "pipeline_cd",
        (
            E("s", "pipeline_deployed", environment="staging", actor="ci"),
            E("p", "pipeline_deployed", environment="production", actor="pipeline"),
        ),
        "met",
    ),
    Case(
        "hand delivery to production",
        "pipeline_cd",
        (
            E("s", "pipeline_deployed", environment="staging", actor="ci"),
            E("p", "pipeline_deployed", environment="production", actor="human"),
        ),
        "not_met",
        ("p",),
    ),
    Case(
        "environment named in the attributes",
        "pipeline_cd",
        (
            E("s", "pipeline_deployed", actor="ci", attrs={"environment": "staging"}),
            E("p", "pipeline_deployed", actor="ci", attrs={"environment": "production"}),
        ),
        "met",
    ),
    Case("no pipeline deliveries", "pipeline_cd", (), "insufficient"),
    # environment_parity
    Case(
        "one version in dev and production",
        "environment_parity",
        (
            prun("p1", "training", env="dev", version="v1"),
            prun("p2", "training", env="production", version="v1"),
        ),
        "met",
    ),
    Case(
        "each version in one environment",
        "environment_parity",
        (
            prun("p1", "training", env="dev", version="v1"),
            prun("p2", "training", env="production", version="v2"),
        ),
        "not_met",
    ),
    Case("no pipeline runs anywhere", "environment_parity", (), "insufficient"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.capability}: {c.name}")
def test_each_rule_decides_from_the_events_in_the_window(world: World, case: Case):
    store(world.team, case.stream)
    result = evaluate(world.team, case.capability)
    assert result.state == case.state, result.detail
    assert result.event_ids[: len(case.first_ids)] == case.first_ids
    assert result.detail


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.capability}: {c.name}")
def test_events_of_another_organisation_never_count(world: World, case: Case):
    """The same stream sent by a team of another organisation leaves this team's evidence
    insufficient, whatever it would have shown."""
    store(world.foreign_team, case.stream)
    assert evaluate(world.team, case.capability).state == "insufficient"


def test_joins_never_reach_into_another_team(world: World):
    """A registration and run sent by another team do not make this team's deployment traced."""
    store(world.foreign_team, [run("r1", **FULL_RUN), register("reg", run_id="r1")])
    store(world.other_team, [run("r1", **FULL_RUN), register("reg", run_id="r1")])
    store(world.team, [deploy("d1")])
    assert evaluate(world.team, "lineage").state == "not_met"
    assert evaluate(world.team, "model_registry").state == "not_met"


def test_not_met_lists_the_missing_events_first_and_caps_the_list(world: World):
    store(world.team, [run(f"bad{i:02}", ago=1 + i / 100) for i in range(30)])
    store(world.team, [run(f"ok{i}", **CODE) for i in range(3)])
    result = evaluate(world.team, "source_control")
    assert result.state == "not_met"
    assert len(result.event_ids) == EVENT_CAP
    assert all(i.startswith("bad") for i in result.event_ids)
    assert result.event_ids[0] == "bad00"
    assert "3 of 33" in result.detail
    assert "30 do not (showing 20)" in result.detail


def test_thresholds_come_from_the_parameters(world: World):
    store(world.team, [run("a", **CODE), run("b")])
    assert evaluate(world.team, "source_control", {"min_share": 0.5}).state == "met"
    assert evaluate(world.team, "source_control", {"min_share": 0.51}).state == "not_met"


def test_a_shorter_window_leaves_older_events_out(world: World):
    store(world.team, [run("old", ago=10), run("new", ago=1, **CODE)])
    assert evaluate(world.team, "source_control", days=7).state == "met"


def test_every_capability_with_parameters_gets_a_result(world: World):
    window = team_window(world.team, window_days=90, now=NOW)
    results = evidence_with_parameters(window, PARAMETERS)
    assert set(results) == set(PARAMETERS) == set(RULES)
    assert {r.state for r in results.values()} == {"insufficient"}


def test_the_test_parameters_are_those_of_rubric_2026_1():
    from assessments.rubric.loader import get_rubric

    assert {k: dict(v) for k, v in get_rubric("2026.1").evidence.items()} == {
        k: dict(v) for k, v in PARAMETERS.items()
    }


@pytest.mark.parametrize("steps_value", ["training", {"kind": "training"}, None, [1, "x"]])
def test_steps_that_are_not_a_list_of_objects_count_as_no_steps(world: World, steps_value):
    attrs = {"trigger": "schedule", "steps": steps_value}
    store(world.team, [E("p1", "pipeline_run", 1, run_id="r1", attrs=attrs), run("r1")])
    assert evaluate(world.team, "data_validation").state == "insufficient"
    assert evaluate(world.team, "automated_training").state == "not_met"


def test_many_ci_runs_of_a_scope_are_shown_capped(world: World):
    store(world.team, [ci(f"c{i:02}", "application", ago=1 + i / 100) for i in range(25)])
    result = evaluate(world.team, "application_ci")
    assert result.state == "met"
    assert result.event_ids == tuple(f"c{i:02}" for i in range(EVENT_CAP))
    assert result.detail.startswith("At least 20")
