"""The team report and the organisation roll-up, by persona, with their queries bounded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tenancy.models import Team
from tests.assessments.reports.data import events, snapshot, submitted_round

pytestmark = [pytest.mark.dated, pytest.mark.django_db]

FOUNDATION = ["source_control", "experiment_tracking", "data_pipeline_automation"]
ONLINE = {"context_serving_mode": "online", "context_regulated": "regulated"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report_url(team) -> str:
    return reverse("team-report", kwargs={"org": team.organization.slug, "team": team.slug})


def _rollup_url(org) -> str:
    return reverse("organization-report", kwargs={"org": org.slug})


@pytest.fixture
def assessed(world):
    submitted_round(world.team, [world.lead, world.member], FOUNDATION, ONLINE)
    snapshot(world.team)
    events(world.team, "deployment", 6, status="succeeded", strategy="replace")
    # Runs carry their code version, so telemetry backs the source control answers.
    events(world.team, "training_run", 8, trigger="schedule", code_version="abc123")
    return world


@pytest.mark.parametrize("persona", ["admin", "lead", "member", "viewer"])
def test_everyone_who_can_see_the_team_reads_its_report(assessed, persona):
    response = _client(getattr(assessed, persona)).get(_report_url(assessed.team))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your next three steps" in body
    assert "vendor/plotly.min.js" in body
    assert "cdn" not in body.lower()


def test_the_team_page_links_to_the_report(assessed):
    url = reverse("team-detail", kwargs={"org": "acme", "team": "fraud"})
    assert _report_url(assessed.team) in _client(assessed.member).get(url).content.decode()


def test_the_report_explains_the_level_and_lists_three_next_steps_in_order(assessed):
    response = _client(assessed.member).get(_report_url(assessed.team))
    report = response.context["report"]
    top = [i.capability for i in report.roadmap.top_steps]
    assert len(top) == 3
    assert "source_control" not in top  # already met, so not a next step
    body = response.content.decode()
    first = report.roadmap.top_steps[0]
    assert first.name in body
    assert first.signal in body
    for fr in report.roadmap.frameworks:
        assert f"level {fr.assessed_level} ({fr.assessed_level_name})" in body
        assert f"Recommended target: level {fr.target.level}" in body


def test_each_capability_discloses_its_answers_and_events(assessed):
    body = _client(assessed.member).get(_report_url(assessed.team)).content.decode()
    assert 'id="cap-source_control"' in body
    assert "Where does the code that trains your production model" in body
    assert "(2)" in body  # both respondents chose the same option


def test_delivery_metrics_are_charted_from_the_team_s_telemetry(assessed):
    response = _client(assessed.member).get(_report_url(assessed.team))
    series = {m.key: m for m in response.context["report"].metrics}
    assert sum(v for _, v in series["deployments"].points if v) == 6
    assert {v for _, v in series["automated_run_share"].points if v is not None} == {1.0}
    assert 'id="metric-deployments-data"' in response.content.decode()


def test_a_member_of_another_team_cannot_open_the_report(assessed):
    other = _report_url(assessed.other_team)
    assert _client(assessed.member).get(other).status_code == 404


ROLLUP_ACCESS = [("admin", 200), ("viewer", 200), ("lead", 403), ("member", 403), ("outsider", 404)]


@pytest.mark.parametrize(("persona", "status"), ROLLUP_ACCESS)
def test_only_org_admins_and_org_wide_viewers_see_the_roll_up(assessed, persona, status):
    assert _client(getattr(assessed, persona)).get(_rollup_url(assessed.org)).status_code == status


def test_the_organisation_page_links_to_the_roll_up_for_those_who_may_see_it(assessed):
    url = reverse("organization-detail", kwargs={"org": "acme"})
    assert _rollup_url(assessed.org) in _client(assessed.viewer).get(url).content.decode()
    assert _rollup_url(assessed.org) not in _client(assessed.member).get(url).content.decode()


def test_the_roll_up_shows_assessed_teams_and_names_the_others(assessed):
    response = _client(assessed.admin).get(_rollup_url(assessed.org))
    rollup = response.context["rollup"]
    assert [s.team.slug for s in rollup.shown] == ["fraud"]
    assert [t.slug for t in rollup.not_assessed] == ["search"]
    assert rollup.heatmap.figure["data"][0]["y"] == ["Fraud"]


def test_the_roll_up_filters_by_framework_level_and_aspect_and_compares_chosen_teams(assessed):
    submitted_round(assessed.other_team, [assessed.admin], [])
    snapshot(assessed.other_team)
    client = _client(assessed.admin)
    level = client.get(_rollup_url(assessed.org), {"framework": "azure", "level": "0"}).context
    assert {s.team.slug for s in level["rollup"].shown} == {"fraud", "search"}
    none_at_3 = client.get(_rollup_url(assessed.org), {"framework": "azure", "level": "3"})
    assert none_at_3.context["rollup"].shown == ()
    people = client.get(_rollup_url(assessed.org), {"aspect": "people"}).context["rollup"]
    assert len(people.heatmap.table.headers) == 1 + 3  # team + the three people practices
    compare = client.get(_rollup_url(assessed.org), {"compare": ["fraud", "search"]})
    comparison = compare.context["rollup"].comparison
    assert [t.slug for t in comparison.teams] == ["fraud", "search"]
    rows = dict(comparison.rows)
    assert rows["Source control and review"] == ("met", "not met")


def _add_teams(world, n: int, first: int = 0) -> None:
    for i in range(first, first + n):
        team = Team.objects.create(organization=world.org, slug=f"t{i}", name=f"T{i}")
        submitted_round(team, [world.admin], FOUNDATION[: i % 3])
        snapshot(team)
        snapshot(team)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_roll_up_makes_the_same_number_of_queries_for_two_or_eight_teams(
    assessed, django_assert_max_num_queries
):
    client = _client(assessed.admin)
    _add_teams(assessed, 1)
    few = _count(client, _rollup_url(assessed.org))
    _add_teams(assessed, 6, first=1)
    with django_assert_max_num_queries(few):
        client.get(_rollup_url(assessed.org) + "?compare=t1&compare=t2&compare=fraud")


def test_the_report_s_queries_do_not_grow_with_history_or_events(
    assessed, django_assert_max_num_queries
):
    client = _client(assessed.member)
    before = _count(client, _report_url(assessed.team))
    for _ in range(5):
        snapshot(assessed.team)
    events(assessed.team, "deployment", 40, status="failed")
    with django_assert_max_num_queries(before):
        client.get(_report_url(assessed.team))


def test_a_new_round_without_answers_shows_the_scorecard_stored_when_the_last_one_closed(assessed):
    from assessments.models import AssessmentRound

    AssessmentRound.objects.create(team=assessed.team, rubric_version="2026.1")
    response = _client(assessed.member).get(_report_url(assessed.team))
    report = response.context["report"]
    assert report.stored_at is not None
    assert report.scorecard.capabilities["source_control"].state == "met"
    assert "Nobody has submitted answers in the new round yet" in response.content.decode()


def test_a_contradiction_and_a_closed_item_show_their_events(assessed, monkeypatch):
    from assessments.rubric.types import EvidenceResult
    from assessments.selectors import scorecards
    from telemetry.models import Event

    deployments = list(Event.objects.filter(type="deployment").values_list("event_id", flat=True))
    runs = list(Event.objects.filter(type="training_run").values_list("event_id", flat=True))
    evidence = {
        "experiment_tracking": EvidenceResult(
            "not_met", tuple(runs[:2]), "0 of 8 runs have params"
        ),
        "model_validation": EvidenceResult("met", tuple(deployments[:1]), "1 of 1 validated"),
    }
    monkeypatch.setattr(scorecards, "telemetry_evidence", lambda team, **kw: evidence)
    response = _client(assessed.member).get(_report_url(assessed.team))
    report = response.context["report"]
    assert [v.capability.id for v in report.contradictions] == ["experiment_tracking"]
    assert [e.event_id for e in report.contradictions[0].events] == runs[:2]
    body = response.content.decode()
    assert runs[0] in body
    google = next(f for f in report.roadmap.frameworks if f.framework == "google")
    done = next(i for i in google.done_items if i.capability == "model_validation")
    first = Event.objects.get(event_id=deployments[0]).occurred_at.date()
    assert done.done_on == first
    assert "model_validation: met, first supporting events on" in body
