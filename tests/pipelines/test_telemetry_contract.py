"""The events each level sends pass the public telemetry API, as an outside pipeline's would."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipelines.services import clock, runs, setup
from pipelines.services.plans import MANUAL_STEPS
from telemetry.models import Event
from telemetry.services import telemetry_ingest
from tenancy.models import ApiToken
from tests.pipelines.conftest import make_pipeline

LEVEL_TYPES = {
    0: {"training_run", "deployment"},
    1: {"pipeline_run", "data_validation", "training_run", "model_validation",
        "model_registered", "deployment", "monitoring_check"},
    2: {"pipeline_run", "data_validation", "training_run", "model_validation",
        "model_registered", "deployment", "monitoring_check", "ci_run", "pipeline_deployed"},
}  # fmt: skip


def _scenario(pipeline, days: int = 2) -> None:
    if pipeline.level == 0:
        run = runs.run_create(pipeline=pipeline, trigger="manual", queue=False)
        for name, _ in MANUAL_STEPS:
            runs.run_execute(run_id=run.pk, only_step=name)
    else:
        setup.pipeline_bootstrap(pipeline_id=pipeline.pk)
    clock.clock_advance(pipeline_id=pipeline.pk, until=pipeline.clock_date + timedelta(days=days))


@pytest.mark.django_db
@pytest.mark.parametrize("level", [0, 1, 2])
def test_every_event_of_a_level_is_accepted_by_the_ingestion_service(world, collector, level):
    pipeline = make_pipeline(world.team, level)
    _scenario(pipeline)
    assert LEVEL_TYPES[level] <= {e["type"] for e in collector.events}
    token = ApiToken.objects.get(team=world.team)
    result = telemetry_ingest(token=token, payload={"events": collector.events})
    assert result.accepted == len({e["event_id"] for e in collector.events})
    if level < 2:  # level 1 tests its candidate in the service, but not its pipeline code
        assert "pipeline_deployed" not in {e["type"] for e in collector.events}
        scopes = {e["attributes"]["scope"] for e in collector.events if e["type"] == "ci_run"}
        assert scopes == ({"model", "application"} if level == 1 else set())
    if level == 0:
        assert not Event.objects.filter(type="pipeline_run").exists()


@pytest.mark.django_db(transaction=True)
def test_a_level_2_pipeline_delivers_its_events_over_http(world, live_server, settings):
    settings.TELEMETRY_BASE_URL = live_server.url
    pipeline = make_pipeline(world.team, 2)
    _scenario(pipeline, days=1)
    assert not pipeline.deliveries.filter(sent=False).exists(), list(
        pipeline.deliveries.values_list("error", flat=True)
    )
    stored = set(Event.objects.filter(team=world.team).values_list("type", flat=True))
    assert {"pipeline_run", "ci_run", "pipeline_deployed", "model_registered"} <= stored
