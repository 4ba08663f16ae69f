"""Runs in-process: steps, idempotency, registry, serving, and telemetry by level."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_celery_beat.models import PeriodicTask

from mlops_site.errors import DomainError
from pipelines import artifacts, conf
from pipelines.models import (
    Deployment,
    ModelVersion,
    PipelineRun,
    PredictionLog,
    ReferencePipeline,
    Status,
)
from pipelines.services import clock, runs, serving, setup
from pipelines.services.plans import MANUAL_STEPS
from pipelines.services.telemetry import telemetry_resend
from tenancy.models import ApiToken
from tenancy.services.tokens import token_derive, token_hash
from tests.pipelines.conftest import make_pipeline

pytestmark = pytest.mark.django_db

GOOD_INPUT = {
    "hr": 8, "temp": 20.0, "atemp": 21.0, "hum": 50.0, "windspeed": 10.0, "season": "summer",
    "holiday": "No", "weekday": "Mon", "workingday": "Yes", "weathersit": "Clear",
}  # fmt: skip


def _run(pipeline: ReferencePipeline, **kwargs) -> PipelineRun:
    run = runs.run_create(
        pipeline=pipeline, trigger=kwargs.pop("trigger", "manual"), queue=False, **kwargs
    )
    runs.run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def test_a_new_pipeline_gets_a_team_token_and_a_daily_schedule(world, collector):
    pipeline = make_pipeline(world.team, 1)
    token = ApiToken.objects.get(team=world.team)
    secret = token_derive(purpose=f"reference-pipeline:{pipeline.pk}", prefix=token.prefix)
    assert token.key_hash == token_hash(secret)
    assert pipeline.telemetry_token_prefix == token.prefix
    assert secret not in str(ReferencePipeline.objects.filter(pk=pipeline.pk).values().get())
    task = PeriodicTask.objects.get(task="pipelines.scheduled_run")
    assert task.args == f"[{pipeline.pk}]"
    assert task.interval.every == 1


def test_level_0_gets_no_schedule(world, collector):
    make_pipeline(world.team, 0)
    assert not PeriodicTask.objects.filter(task="pipelines.scheduled_run").exists()


def test_a_second_pipeline_with_the_same_name_is_refused(world, collector):
    make_pipeline(world.team, 1)
    with pytest.raises(DomainError):
        make_pipeline(world.team, 1)


def test_a_level_1_run_trains_validates_registers_and_deploys_once(level1, collector):
    run = _run(level1)
    assert run.status == Status.SUCCEEDED
    assert list(run.steps.values_list("status", flat=True)) == [Status.SUCCEEDED] * 8
    version = ModelVersion.objects.get(run=run)
    assert version.alias == "champion"
    assert version.data_version == run.steps.get(name="ingest").output["data_version"]
    assert version.code_version
    assert (
        artifacts.sha256_of(artifacts.artifact_path(level1.pk, run.number))
        == version.artifact_sha256
    )
    assert Deployment.objects.get(run=run).traffic_percent == 100


def test_executing_a_finished_run_again_changes_nothing(level1, collector):
    run = _run(level1)
    sent = len(collector.events)
    assert runs.run_execute(run_id=run.pk) is False
    assert ModelVersion.objects.filter(pipeline=level1).count() == 1
    assert len(collector.events) == sent


def test_a_resumed_run_does_not_redo_the_steps_that_succeeded(level1, collector):
    run = runs.run_create(pipeline=level1, trigger="manual", queue=False)
    runs.run_execute(run_id=run.pk)
    register = run.steps.get(name="register")
    # As if the worker died during deployment: the run is taken over and finished.
    run.steps.filter(position__gte=register.position).update(status=Status.PENDING)
    PipelineRun.objects.filter(pk=run.pk).update(status=Status.RUNNING)
    before = {s.name: s.finished_at for s in run.steps.filter(status=Status.SUCCEEDED)}
    assert runs.run_execute(run_id=run.pk)
    after = {s.name: s.finished_at for s in run.steps.all()}
    assert all(after[name] == finished for name, finished in before.items())
    assert ModelVersion.objects.filter(pipeline=level1).count() == 1
    assert run.steps.get(name="register").attempts == 2


def test_a_run_held_by_a_live_worker_is_left_alone(level1, collector):
    run = runs.run_create(pipeline=level1, trigger="manual", queue=False)
    assert runs._claim(run.pk, "worker-a")
    assert runs.run_execute(run_id=run.pk, owner="worker-b") is False
    assert run.steps.filter(status=Status.SUCCEEDED).count() == 0


def test_a_schema_break_fails_the_run_at_data_validation_with_the_reason(level1, collector):
    setup.fault_inject(pipeline=level1, fault="schema_break")
    run = _run(level1)
    assert run.status == Status.FAILED
    assert "validate_data failed: Schema anomalies in hum, temp, temperature" in run.error
    statuses = dict(run.steps.values_list("name", "status"))
    assert statuses["validate_data"] == Status.FAILED
    assert statuses["train"] == Status.SKIPPED
    assert not ModelVersion.objects.filter(pipeline=level1).exists()
    level1.refresh_from_db()
    assert level1.pending_fault == "none"
    (validation,) = collector.of_type("data_validation")
    assert validation["attributes"]["status"] == "failed"
    assert collector.of_type("pipeline_run")[0]["attributes"]["status"] == "failed"


def test_an_unexpected_error_is_recorded_on_the_step_with_its_traceback(
    level1, collector, monkeypatch
):
    from pipelines.services import steps

    def explode(run, step):
        raise RuntimeError("disk full")

    monkeypatch.setitem(steps.STEPS, "train", explode)
    run = _run(level1)
    step = run.steps.get(name="train")
    assert run.status == Status.FAILED
    assert run.error == "Step train failed: RuntimeError: disk full"
    assert "Traceback" in step.error


def test_a_candidate_worse_than_the_champion_is_not_registered(level1, collector):
    _run(level1)
    level1.params = {"max_iter": 1, "learning_rate": 0.01}
    level1.save()
    run = _run(level1)
    assert run.status == Status.SUCCEEDED
    validation = run.steps.get(name="validate_model")
    assert validation.output["passed"] is False
    assert validation.output["baseline_version"] == "1"
    assert run.steps.get(name="register").status == Status.SKIPPED
    assert ModelVersion.objects.filter(pipeline=level1).count() == 1


def test_the_first_candidate_is_compared_with_a_naive_baseline(level1, collector):
    run = _run(level1)
    (event,) = collector.of_type("model_validation")
    assert event["attributes"]["baseline_version"] == "baseline:hourly-mean"
    assert event["attributes"]["candidate_value"] < event["attributes"]["baseline_value"]
    assert event["run_id"] == run.run_key


def test_level_0_sends_only_what_a_person_notes_by_hand(world, collector):
    pipeline = make_pipeline(world.team, 0)
    run = runs.run_create(pipeline=pipeline, trigger="manual", queue=False)
    for name, _ in MANUAL_STEPS:
        runs.run_execute(run_id=run.pk, only_step=name)
    types = sorted(e["type"] for e in collector.events)
    assert types == ["deployment", "training_run"]
    (training,) = collector.of_type("training_run")
    assert "code_version" not in training["attributes"]
    assert "data_version" not in training["attributes"]
    assert collector.of_type("deployment")[0]["actor_type"] == "human"


def test_a_manual_step_out_of_order_is_refused(world, collector):
    pipeline = make_pipeline(world.team, 0)
    run = runs.run_create(pipeline=pipeline, trigger="manual", queue=False)
    with pytest.raises(runs.steps.StepRefused):
        runs.run_execute(run_id=run.pk, only_step="train")


def test_level_1_telemetry_links_run_training_registration_and_deployment(level1, collector):
    run = _run(level1)
    (pipeline_run,) = collector.of_type("pipeline_run")
    kinds = [s["kind"] for s in pipeline_run["attributes"]["steps"]]
    assert kinds.index("data_validation") < kinds.index("training")
    (training,) = collector.of_type("training_run")
    assert training["run_id"] == run.run_key
    assert training["attributes"]["params"]
    assert training["attributes"]["metrics"]
    assert training["attributes"]["data_version"]
    assert training["attributes"]["code_version"]
    (registered,) = collector.of_type("model_registered")
    assert registered["attributes"]["training_run_id"] == run.run_key
    (deployment,) = collector.of_type("deployment")
    assert deployment["attributes"]["version"] == registered["attributes"]["version"]
    assert (deployment["actor_type"], deployment["attributes"]["strategy"]) == (
        "pipeline",
        "replace",
    )
    # The candidate is tested in the prediction service before it deploys; the pipeline
    # code itself has no CI before level 2.
    assert {e["attributes"]["scope"] for e in collector.of_type("ci_run")} == {
        "model",
        "application",
    }


def test_level_1_runs_on_new_data_and_monitors_what_it_serves(level1, collector):
    _run(level1)
    clock.clock_advance(pipeline_id=level1.pk, until=level1.clock_date + timedelta(days=2))
    triggers = list(level1.runs.order_by("number").values_list("trigger", flat=True))
    assert triggers == ["manual", "new_data"]
    assert {e["attributes"]["kind"] for e in collector.of_type("monitoring_check")} == {
        "data_drift", "prediction_drift", "performance",
    }  # fmt: skip
    assert level1.predictions.filter(actual__isnull=False).count() == 48
    assert not collector.of_type("alert")


def test_level_2_delivers_its_code_tests_models_and_releases_by_canary(world, collector):
    pipeline = make_pipeline(world.team, 2)
    setup.pipeline_bootstrap(pipeline_id=pipeline.pk)
    second = _run(pipeline, trigger="schedule")
    environments = {e["environment"] for e in collector.of_type("pipeline_deployed")}
    assert environments == {"dev", "staging", "production"}
    assert {e["actor_type"] for e in collector.of_type("pipeline_deployed")} == {"ci"}
    scopes = {e["attributes"]["scope"] for e in collector.of_type("ci_run")}
    assert scopes == {"pipeline", "model", "application"}
    assert {e["environment"] for e in collector.of_type("pipeline_run")} == {
        "staging",
        "production",
    }
    assert second.steps.get(name="test_model").status in (Status.SUCCEEDED, Status.SKIPPED)


def _serve(pipeline, deployment, *, error: float, rows: int = 24) -> None:
    day = pipeline.clock_date + timedelta(days=1)
    PredictionLog.objects.bulk_create(
        PredictionLog(
            pipeline=pipeline, deployment=deployment, simulated_date=day, features={},
            prediction=100 + error, actual=100, source="replay",
        )
        for _ in range(rows)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("canary_error", "state", "events", "champion"),
    [
        (5.0, "retired", ["deployment"], "canary"),
        (50.0, "rolled_back", ["deployment", "rollback"], "stable"),
    ],
)
def test_a_canary_is_promoted_or_rolled_back_on_its_live_error(
    world, collector, canary_error, state, events, champion
):
    pipeline = make_pipeline(world.team, 2)
    stable_run = _run(pipeline)
    stable = Deployment.objects.get(run=stable_run)
    canary_run = runs.run_create(pipeline=pipeline, trigger="schedule", queue=False)
    first = ModelVersion.objects.get(run=stable_run)
    candidate = ModelVersion.objects.create(
        pipeline=pipeline, run=canary_run, version=canary_run.number, params={},
        artifact_path=first.artifact_path, artifact_sha256=first.artifact_sha256, metrics={},
    )  # fmt: skip
    canary = serving.deployment_create(run=canary_run, version=candidate, actor_type="pipeline")
    assert (canary.strategy, canary.traffic_percent) == ("canary", serving.CANARY_PERCENT)
    _serve(pipeline, stable, error=5.0)
    _serve(pipeline, canary, error=canary_error)

    sent = clock._decide_canary(pipeline)

    canary.refresh_from_db()
    assert canary.state == state
    assert [e["type"] for e in sent] == events
    expected = candidate if champion == "canary" else first
    assert ModelVersion.objects.get(pipeline=pipeline, alias="champion") == expected
    routes = serving.live_routes(pipeline)
    assert routes.canary is None
    assert routes.stable is not None
    assert routes.stable.model_version == expected


def test_a_drift_alert_at_level_2_starts_a_retraining_that_names_it(world, collector):
    pipeline = make_pipeline(world.team, 2)
    _run(pipeline)
    setup.fault_inject(pipeline=pipeline, fault="drift")
    pipeline.refresh_from_db()
    clock.clock_advance(pipeline_id=pipeline.pk, until=pipeline.clock_date + timedelta(days=1))
    (alert,) = collector.of_type("alert")[:1]
    retrain = pipeline.runs.get(alert__isnull=False)
    assert retrain.trigger == alert["attributes"]["kind"] == "drift"
    training = [e for e in collector.of_type("training_run") if e["run_id"] == retrain.run_key]
    assert training[0]["attributes"]["alert_id"] == alert["attributes"]["alert_id"]


def test_the_prediction_service_serves_the_production_model_and_logs_it(level1, collector):
    _run(level1)
    result = serving.prediction_make(pipeline=level1, payload=GOOD_INPUT, key="k")
    assert result.value >= 0
    assert result.route == "stable"
    assert level1.predictions.get(pk=result.log_id).features["hr"] == 8


def test_the_prediction_service_reports_every_bad_field(level1, collector):
    _run(level1)
    with pytest.raises(DomainError) as caught:
        serving.prediction_make(
            pipeline=level1, payload={**GOOD_INPUT, "hr": 30, "season": "x"}, key="k"
        )
    assert set(caught.value.field_errors) == {"hr", "season"}


def test_a_model_file_that_changed_on_disk_is_refused(level1, collector):
    run = _run(level1)
    path = artifacts.artifact_path(level1.pk, run.number)
    path.write_bytes(path.read_bytes() + b"tampered")
    serving._model.cache_clear()
    with pytest.raises(artifacts.ArtifactError):
        serving.prediction_make(pipeline=level1, payload=GOOD_INPUT, key="k")


def test_undelivered_telemetry_is_recorded_and_sent_again_later(level1, collector):
    collector.statuses = [503, 503, 503]
    _run(level1)
    failed = level1.deliveries.filter(sent=False)
    assert failed.count() == 1
    assert "HTTP 503" in failed.get().error
    assert telemetry_resend(pipeline=level1) == 1
    assert not level1.deliveries.filter(sent=False).exists()


def test_without_a_code_version_the_package_version_is_recorded(settings):
    settings.PIPELINES_CODE_VERSION = ""
    assert conf.code_version() == conf.PACKAGE_VERSION
    assert conf.pipeline_version() == f"{conf.PACKAGE_VERSION}+{conf.PACKAGE_VERSION}"


def test_a_new_version_of_the_pipeline_code_is_delivered_before_the_next_day_runs(
    world, collector, settings
):
    pipeline = make_pipeline(world.team, 2)
    setup.pipeline_deliver(pipeline=pipeline)
    settings.PIPELINES_CODE_VERSION = "next-commit"
    clock.clock_advance(pipeline_id=pipeline.pk, until=pipeline.clock_date + timedelta(days=1))
    delivered = {(r.pipeline_version.split("+")[1], r.environment) for r in pipeline.releases.all()}
    assert ("next-commit", "production") in delivered
    assert len(delivered) == 6
    run = pipeline.runs.get()
    assert run.pipeline_version.endswith("+next-commit")
