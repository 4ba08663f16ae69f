"""Team and organisation exports download and parse back into the scorecards shown."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from assessments.rubric.loader import get_rubric
from tests.assessments.reports.data import snapshot, submitted_round

pytestmark = [pytest.mark.dated, pytest.mark.django_db]


@pytest.fixture
def assessed(world):
    submitted_round(world.team, [world.lead], ["source_control", "experiment_tracking"])
    snapshot(world.team)
    submitted_round(world.other_team, [world.admin], [])
    snapshot(world.other_team)
    return world


def _download(user, name: str, **kwargs) -> bytes:
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_the_team_scorecard_csv_parses_back(assessed):
    body = _download(
        assessed.member, "team-report-export", org="acme", team="fraud", export="scorecard.csv"
    )
    rows = {r["capability"]: r for r in csv.DictReader(io.StringIO(body.decode()))}
    assert len(rows) == len(get_rubric().capabilities)
    assert rows["experiment_tracking"]["state"] == "met"
    assert rows["lineage"]["state"] == "not_met"


def test_the_team_roadmap_csv_and_json_agree(assessed):
    kwargs = {"org": "acme", "team": "fraud"}
    roadmap = list(
        csv.DictReader(
            io.StringIO(
                _download(
                    assessed.lead, "team-report-export", export="roadmap.csv", **kwargs
                ).decode()
            )
        )
    )
    data = json.loads(
        _download(assessed.lead, "team-report-export", export="report.json", **kwargs)
    )
    google = next(
        f for f in data["teams"][0]["roadmap"]["frameworks"] if f["framework"] == "google"
    )
    assert [r["capability"] for r in roadmap if r["framework"] == "google"] == [
        i["capability"] for i in google["items"]
    ]


def test_the_organisation_workbook_has_every_assessed_team(assessed):
    body = _download(assessed.admin, "organization-report-export", org="acme", export="report.xlsx")
    wb = load_workbook(io.BytesIO(body))
    assert wb.sheetnames == ["summary", "capabilities", "roadmap", "metrics"]
    teams = {row[0] for row in wb["summary"].iter_rows(min_row=2, values_only=True)}
    assert teams == {"acme/fraud", "acme/search"}
    roadmap_teams = {row[0] for row in wb["roadmap"].iter_rows(min_row=2, values_only=True)}
    assert roadmap_teams == {"acme/fraud", "acme/search"}


def test_an_unknown_export_is_a_404(assessed):
    client = Client()
    client.force_login(assessed.admin)
    url = reverse("team-report-export", kwargs={"org": "acme", "team": "fraud", "export": "x.pdf"})
    assert client.get(url).status_code == 404


def test_a_team_member_cannot_download_the_organisation_export(assessed):
    client = Client()
    client.force_login(assessed.member)
    url = reverse("organization-report-export", kwargs={"org": "acme", "export": "report.json"})
    assert client.get(url).status_code == 403
