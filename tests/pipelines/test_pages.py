"""Pipeline pages and the prediction API: what each persona may see and do."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from jobs.models import Job
from pipelines.models import PipelineRun, ReferencePipeline, Status
from pipelines.services import runs
from tests.pipelines.conftest import make_pipeline
from tests.pipelines.test_services import GOOD_INPUT

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _kwargs(pipeline: ReferencePipeline) -> dict[str, str]:
    team = pipeline.team
    return {"org": team.organization.slug, "team": team.slug, "pipeline": pipeline.slug}


def _trained(team) -> ReferencePipeline:
    pipeline = make_pipeline(team, 1)
    run = runs.run_create(pipeline=pipeline, trigger="manual", queue=False)
    runs.run_execute(run_id=run.pk)
    return pipeline


def test_a_member_creates_a_pipeline_and_its_first_runs_are_queued_after_commit(
    world, collector, django_capture_on_commit_callbacks
):
    url = reverse("pipeline-list", kwargs={"org": "acme", "team": "fraud"})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _client(world.member).post(url, {"level": "2", "slug": "demo"})
    pipeline = ReferencePipeline.objects.get(team=world.team, slug="demo")
    assert response.status_code == 302
    assert response["Location"] == reverse("pipeline-detail", kwargs=_kwargs(pipeline))
    assert pipeline.level == 2
    assert len(callbacks) == 1


def test_a_viewer_sees_the_pipelines_but_no_buttons(world, collector):
    pipeline = make_pipeline(world.team, 1)
    client = _client(world.viewer)
    listing = client.get(reverse("pipeline-list", kwargs={"org": "acme", "team": "fraud"}))
    detail = client.get(reverse("pipeline-detail", kwargs=_kwargs(pipeline)))
    assert pipeline.name in listing.content.decode()
    assert "Create a reference pipeline" not in listing.content.decode()
    assert detail.status_code == 200
    assert "Advance the clock" not in detail.content.decode()


def test_starting_a_run_from_the_page_queues_it_and_shows_its_timeline(
    world, collector, django_capture_on_commit_callbacks
):
    pipeline = make_pipeline(world.team, 1)
    url = reverse("pipeline-actions", kwargs=_kwargs(pipeline))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _client(world.member).post(url, {"action": "start"})
    run = PipelineRun.objects.get(pipeline=pipeline)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/runs/{run.number}/")
    assert len(callbacks) == 1
    page = _client(world.member).get(response["Location"]).content.decode()
    assert 'id="timeline-chart"' in page
    assert "vendor/plotly.min.js" in page
    assert "validate_data" in page


def test_advancing_the_clock_is_a_job_with_its_target_day(world, collector):
    pipeline = make_pipeline(world.team, 1)
    url = reverse("pipeline-actions", kwargs=_kwargs(pipeline))
    _client(world.lead).post(url, {"action": "advance", "days": "5"})
    job = Job.objects.get(kind="pipelines.advance_clock")
    assert job.params == {"pipeline_id": pipeline.pk, "from": "2011-03-31", "until": "2011-04-05"}
    status = _client(world.viewer).get(reverse("pipeline-status", kwargs=_kwargs(pipeline))).json()
    assert status["clock_job"]["status"] == "queued"
    assert status["busy"] is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "advance"}, "How many days?"),
        ({"action": "advance", "days": "0"}, "greater than or equal to 1"),
        ({"action": "fault"}, "Which fault?"),
        ({"action": "explode"}, "not one of the available choices"),
        ({"action": "step"}, "no manual run waiting"),
    ],
)
def test_a_bad_action_is_explained_and_changes_nothing(world, collector, data, message):
    pipeline = make_pipeline(world.team, 1)
    response = _client(world.member).post(
        reverse("pipeline-actions", kwargs=_kwargs(pipeline)), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not pipeline.runs.exists()
    assert not Job.objects.exists()


def test_injecting_a_fault_waits_for_the_next_data(world, collector):
    pipeline = make_pipeline(world.team, 1)
    url = reverse("pipeline-actions", kwargs=_kwargs(pipeline))
    _client(world.member).post(url, {"action": "fault", "fault": "schema_break"})
    pipeline.refresh_from_db()
    assert pipeline.pending_fault == "schema_break"


def test_the_run_status_endpoint_reports_each_step(world, collector):
    pipeline = _trained(world.team)
    kwargs = {**_kwargs(pipeline), "run": 1}
    status = _client(world.viewer).get(reverse("pipeline-run-status", kwargs=kwargs)).json()
    assert status["status"] == Status.SUCCEEDED
    assert status["progress"] == 100
    assert [s["name"] for s in status["steps"]][:2] == ["ingest", "validate_data"]
    assert all(s["duration_s"] is not None for s in status["steps"])


def test_the_pipeline_page_shows_registry_deployments_and_metrics(
    world, collector, django_assert_max_num_queries
):
    pipeline = _trained(world.team)
    client = _client(world.member)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("pipeline-detail", kwargs=_kwargs(pipeline))).content.decode()
    assert "champion" in page
    assert "Replace" in page
    assert 'id="metrics-data"' in page


def _predict_url(pipeline: ReferencePipeline) -> str:
    return reverse(
        "api-pipeline-predict", kwargs={"team": pipeline.team.slug, "pipeline": pipeline.slug}
    )


def test_a_member_gets_a_prediction_from_the_production_model(world, collector):
    pipeline = _trained(world.team)
    response = _client(world.member).post(
        _predict_url(pipeline), json.dumps(GOOD_INPUT), content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["model_version"] == 1
    assert body["route"] == "stable"
    assert pipeline.predictions.filter(pk=body["log_id"], source="api").exists()


def test_bad_prediction_input_gets_an_error_per_field(world, collector):
    pipeline = _trained(world.team)
    payload = {**GOOD_INPUT, "hr": "noon", "windspeed": -1, "colour": "red"}
    response = _client(world.member).post(
        _predict_url(pipeline), json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"hr", "windspeed", "colour"}
    assert not pipeline.predictions.exists()


def test_a_pipeline_without_a_model_in_production_says_so(world, collector):
    pipeline = make_pipeline(world.team, 1)
    response = _client(world.member).post(
        _predict_url(pipeline), json.dumps(GOOD_INPUT), content_type="application/json"
    )
    assert response.status_code == 400
    assert "no model in production" in response.json()["detail"]


def test_a_viewer_may_read_what_is_served_but_not_call_the_model(world, collector):
    pipeline = _trained(world.team)
    client = _client(world.viewer)
    assert client.get(_predict_url(pipeline)).json()["stable_version"] == 1
    response = client.post(
        _predict_url(pipeline), json.dumps(GOOD_INPUT), content_type="application/json"
    )
    assert response.status_code == 403
