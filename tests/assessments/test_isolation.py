"""Tenant isolation: every team page and API endpoint, for every kind of person.

The URL patterns are read from the URLconf, so a new team page or endpoint is
covered the day it is added; a pattern with a path parameter this file does not
know fails `test_every_team_scoped_url_is_covered` until it is taught here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import World

SCOPE_KWARGS = {"org", "team"}
#: Path parameters other than org and team, and a value to fill in. Teach new ones here
#: (and create what they name in `objects_named_by_path_parameters`).
OTHER_KWARGS: dict[str, str] = {
    "token": "1",
    "pipeline": "reference",
    "run": "1",
    "export": "report.xlsx",
}
WRITE_METHODS = ("post", "put", "patch", "delete")
#: Team pages that are forms for changing the team; viewers may not even open them.
FORM_ONLY = {
    "team-settings",
    "team-questionnaire",
    "team-assessment-review",
    "team-assessment-answers",
    "pipeline-actions",
}


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: frozenset[str]
    is_api: bool


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif p.name:
            route = prefix + str(p.pattern)
            kwargs = frozenset(p.pattern.converters)
            yield Route(p.name, kwargs, route.startswith("api/"))


@pytest.fixture(autouse=True)
def objects_named_by_path_parameters(request: pytest.FixtureRequest) -> None:
    """In every team of the world, the objects OTHER_KWARGS name, so a 404 comes from
    tenancy and never from a missing object."""
    if "world" not in request.fixturenames:
        return
    from pipelines.models import PipelineRun, ReferencePipeline

    world: World = request.getfixturevalue("world")
    for team in (world.team, world.other_team, world.foreign_team):
        pipeline = ReferencePipeline.objects.create(
            team=team, slug=OTHER_KWARGS["pipeline"], name="Reference", level=1,
            clock_date="2011-03-31",
        )  # fmt: skip
        PipelineRun.objects.create(
            pipeline=pipeline, number=int(OTHER_KWARGS["run"]), trigger="manual",
            pipeline_version="1", simulated_date="2011-03-31",
        )  # fmt: skip


def team_routes() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if r.kwargs & {"team"}]


def org_routes() -> list[Route]:
    return [
        r
        for r in _walk(get_resolver().url_patterns)
        if "org" in r.kwargs and "team" not in r.kwargs
    ]


def url_for(route: Route, org: str, team: str) -> str:
    values = {"org": org, "team": team, **OTHER_KWARGS}
    return reverse(route.name, kwargs={k: values[k] for k in route.kwargs})


def test_every_team_scoped_url_is_covered():
    routes = team_routes()
    assert {r.name for r in routes} >= {
        "team-detail",
        "team-settings",
        "api-team-detail",
        "team-assessment",
        "team-questionnaire",
        "team-assessment-answers",
        "team-assessment-review",
        "team-assessment-result",
        "api-team-assessments",
        "api-team-scorecard",
        "team-report",
        "team-report-export",
        "api-team-roadmap",
        "api-team-report",
    }
    routes += org_routes()
    unknown = {k for r in routes for k in r.kwargs} - SCOPE_KWARGS - set(OTHER_KWARGS)
    assert not unknown, f"teach test_isolation.OTHER_KWARGS these path parameters: {unknown}"


@pytest.mark.parametrize("route", team_routes(), ids=lambda r: r.name)
def test_someone_of_another_organisation_gets_404_on_every_team_url(world: World, route: Route):
    client = Client()
    client.force_login(world.outsider)
    url = url_for(route, world.org.slug, world.team.slug)
    assert client.get(url).status_code == 404
    for method in WRITE_METHODS:
        assert getattr(client, method)(url).status_code in (404, 405), method


@pytest.mark.parametrize("route", org_routes(), ids=lambda r: r.name)
def test_someone_of_another_organisation_gets_404_on_every_organisation_url(world, route):
    client = Client()
    client.force_login(world.outsider)
    assert client.get(url_for(route, world.org.slug, "")).status_code == 404


@pytest.mark.parametrize("route", team_routes(), ids=lambda r: r.name)
def test_a_member_gets_404_on_another_team_of_their_own_organisation(world, route):
    client = Client()
    client.force_login(world.member)
    url = url_for(route, world.org.slug, world.other_team.slug)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("route", team_routes() + org_routes(), ids=lambda r: r.name)
def test_an_anonymous_visitor_goes_to_login_or_gets_401(world, route):
    url = url_for(route, world.org.slug, world.team.slug)
    response = Client().get(url)
    if route.is_api:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("route", team_routes(), ids=lambda r: r.name)
def test_a_viewer_can_read_but_cannot_change_anything(world, route):
    client = Client()
    client.force_login(world.viewer)
    url = url_for(route, world.org.slug, world.team.slug)
    # Pages that exist only to change things (forms) are refused outright.
    assert client.get(url).status_code == (403 if route.name in FORM_ONLY else 200)
    for method in WRITE_METHODS:
        assert getattr(client, method)(url, data={"name": "x"}).status_code in (403, 405), method


def test_the_api_never_resolves_a_team_slug_of_another_organisation(world):
    client = Client()
    client.force_login(world.outsider)
    url = reverse("api-team-detail", kwargs={"team": world.team.slug})
    assert client.get(url).status_code == 404
    assert client.get(url, {"org": world.org.slug}).status_code == 404


def test_people_in_two_organisations_with_the_same_team_slug_name_the_organisation(world):
    from tenancy.models import Membership, Role, Team

    Team.objects.create(organization=world.foreign_org, slug=world.team.slug, name="Twin")
    Membership.objects.create(user=world.admin, organization=world.foreign_org, role=Role.VIEWER)
    client = Client()
    client.force_login(world.admin)
    url = reverse("api-team-detail", kwargs={"team": world.team.slug})
    assert client.get(url).status_code == 400
    response = client.get(url, {"org": world.foreign_org.slug})
    assert response.status_code == 200
    assert response.json()["name"] == "Twin"
