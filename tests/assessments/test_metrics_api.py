"""GET /api/v1/teams/<team>/metrics: shape, validation, permissions and query count."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.assessments.events import NOW, E, store
from tests.conftest import World

pytestmark = pytest.mark.dated


def url(team: str) -> str:
    return reverse("api-team-metrics", kwargs={"team": team})


def monday_of(at: datetime) -> str:
    """The ISO date of the Monday that starts `at`'s week, as the API writes it."""
    return (at.date() - timedelta(days=at.weekday())).isoformat()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("lead", 200), ("member", 200), ("viewer", 200), ("outsider", 404)],
)
def test_who_may_read_a_teams_metrics(world: World, persona: str, status: int):
    response = client_for(getattr(world, persona)).get(url(world.team.slug))
    assert response.status_code == status


def test_an_anonymous_visitor_is_refused(world: World):
    assert Client().get(url(world.team.slug)).status_code in (401, 403)


def test_the_body_has_totals_and_a_weekly_series(world: World):
    store(world.team, [E("d1", "deployment", 1, model="m", attrs={"version": "1"})])
    body = client_for(world.member).get(url(world.team.slug), {"window": 14}).json()
    assert body["team"] == world.team.slug
    assert body["window_days"] == 14
    assert body["totals"]["deployments"] == 1
    assert body["totals"]["lead_time_hours"] is None
    assert {"week", "starts", "deployments", "change_failure_rate"} <= set(body["weekly"][0])
    # The week of the deployment, a day ago: the last one, or the one before on a Monday.
    per_week = {w["starts"]: w["deployments"] for w in body["weekly"]}
    assert body["weekly"][-1]["starts"] == monday_of(NOW)
    assert per_week[monday_of(NOW - timedelta(days=1))] == 1
    assert sum(per_week.values()) == 1


@pytest.mark.parametrize("window", ["0", "731", "abc", "-5", "1.5"])
def test_a_window_out_of_range_is_a_clear_400(world: World, window: str):
    response = client_for(world.member).get(url(world.team.slug), {"window": window})
    assert response.status_code == 400
    body = response.json()
    assert "window" in body["detail"]
    assert body["errors"]["window"]


@pytest.mark.parametrize("window", ["1", "730"])
def test_the_window_edges_are_accepted(world: World, window: str):
    response = client_for(world.member).get(url(world.team.slug), {"window": window})
    assert response.status_code == 200
    assert response.json()["window_days"] == int(window)


def test_reading_metrics_takes_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries
):
    store(
        world.team,
        [E(f"d{i}", "deployment", i, model="m", attrs={"version": str(i)}) for i in range(1, 30)],
    )
    client = client_for(world.member)
    with django_assert_max_num_queries(12):
        assert client.get(url(world.team.slug)).status_code == 200


def test_the_schema_documents_the_endpoint(world: World):
    schema = client_for(world.member).get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/teams/{team}/metrics"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"team", "window"}
