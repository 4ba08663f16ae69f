"""One scorecard shape: the scorecard API, the report API's scorecard, stored snapshots
and the exports carry the same fields, for a live and for a stored scorecard."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from assessments.api.scorecards import (
    ScorecardCapabilityOutput,
    ScorecardFrameworkOutput,
    ScorecardOutput,
    scorecard_body,
)
from assessments.models import AssessmentRound, ScorecardSnapshot
from assessments.reports import exports
from assessments.rubric.loader import get_rubric
from assessments.scorecards.codec import (
    CAPABILITY_FIELDS,
    FRAMEWORK_FIELDS,
    SCORECARD_FIELDS,
    scorecard_from_data,
)
from assessments.selectors.scorecards import TeamScorecard
from tenancy.models import Team
from tests.assessments.reports.data import events, snapshot, submitted_round
from tests.assessments.reports.helpers import scorecard

PROVENANCE = ("team", "round", "stored_at")
FOUNDATION = ["source_control", "experiment_tracking"]


@pytest.fixture
def assessed(world):
    submitted_round(world.team, [world.lead, world.member], FOUNDATION)
    snapshot(world.team)
    events(world.team, "training_run", 8, trigger="schedule", code_version="abc123")
    return world


def _get(user, name: str, **kwargs: str) -> Any:
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response


def _bodies(world) -> tuple[dict[str, Any], dict[str, Any]]:
    """The scorecard API's body, and the report API's scorecard, for the same team."""
    direct = _get(world.member, "api-team-scorecard", team="fraud").json()
    in_report = _get(world.member, "api-team-report", team="fraud").json()["scorecard"]
    return direct, in_report


def _without_provenance(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in PROVENANCE}


def _retire_the_stored_version(team: Team) -> None:
    stored = ScorecardSnapshot.objects.get(team=team)
    stored.rubric_version = "retired-0"
    stored.scorecard = {**stored.scorecard, "rubric_version": "retired-0"}
    stored.save()


def test_the_output_serializer_documents_every_field_of_the_one_shape():
    assert set(ScorecardOutput().fields) == {*PROVENANCE, *SCORECARD_FIELDS}
    assert set(ScorecardFrameworkOutput().fields) == set(FRAMEWORK_FIELDS)
    assert set(ScorecardCapabilityOutput().fields) == set(CAPABILITY_FIELDS)


def test_the_output_serializer_passes_the_body_through_whole_and_it_reads_back():
    card = scorecard(FOUNDATION)
    body = scorecard_body(Team(slug="fraud"), TeamScorecard(card, None, get_rubric()))
    served = json.loads(json.dumps(ScorecardOutput(body).data))
    assert served == body
    assert scorecard_from_data(served) == card


@pytest.mark.django_db
def test_the_report_carries_the_live_scorecard_exactly_as_the_scorecard_api(assessed):
    direct, in_report = _bodies(assessed)
    assert direct["stored_at"] is None
    assert direct["respondents"] == 2
    assert direct["capabilities"]["source_control"]["events"]  # telemetry is part of it
    assert in_report == direct


@pytest.mark.django_db
def test_the_report_carries_the_stored_scorecard_exactly_as_the_scorecard_api(assessed):
    AssessmentRound.objects.create(team=assessed.team, rubric_version=get_rubric().version)
    direct, in_report = _bodies(assessed)
    stored = ScorecardSnapshot.objects.get(team=assessed.team)
    assert direct["stored_at"] is not None
    assert direct["respondents"] == 2
    assert _without_provenance(direct) == stored.scorecard
    assert in_report == direct


@pytest.mark.django_db
def test_a_scorecard_stored_under_a_retired_rubric_stays_stored_beside_a_new_round(assessed):
    _retire_the_stored_version(assessed.team)
    AssessmentRound.objects.create(team=assessed.team, rubric_version=get_rubric().version)
    direct, in_report = _bodies(assessed)
    assert direct["rubric_version"] == "retired-0"
    assert direct["respondents"] == 2
    assert in_report == direct


@pytest.mark.django_db
def test_a_last_round_of_a_retired_rubric_shows_its_stored_scorecard_not_a_rescored_one(
    assessed,
):
    # Its answers name that version's questions: scoring them under the current rubric
    # would show a scorecard nobody was assessed by.
    _retire_the_stored_version(assessed.team)
    AssessmentRound.objects.filter(team=assessed.team).update(rubric_version="retired-0")
    direct, in_report = _bodies(assessed)
    stored = ScorecardSnapshot.objects.get(team=assessed.team)
    assert direct["stored_at"] is not None
    assert _without_provenance(direct) == stored.scorecard
    assert in_report == direct
    page = _get(assessed.member, "team-assessment-result", org="acme", team="fraud")
    assert b"retired-0" in page.content


@pytest.mark.django_db
def test_the_schema_gives_the_report_s_scorecard_the_scorecard_api_s_shape(admin_client):
    schema = admin_client.get(reverse("api-schema"), {"format": "json"}).json()
    scorecard_get = schema["paths"]["/api/v1/teams/{team}/scorecard"]["get"]
    ok = scorecard_get["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/ScorecardOutput")
    in_report = schema["components"]["schemas"]["ReportOutput"]["properties"]["scorecard"]
    assert ok["$ref"] in json.dumps(in_report)


def _text(value: Any) -> str:
    """A field as a CSV cell: lists as space-separated text, None as nothing."""
    if isinstance(value, list):
        return " ".join(map(str, value))
    return "" if value is None else str(value)


def _xlsx(value: Any) -> Any:
    """A field as a workbook cell reads back: lists as text, an empty cell as None."""
    return (_text(value) or None) if isinstance(value, list) else value


def test_the_export_columns_cover_every_field_of_the_one_shape():
    assert set(CAPABILITY_FIELDS) <= set(exports.SCORECARD_COLUMNS)
    scorecard_level = {"respondents", "rubric_version", "window_days"}
    assert set(FRAMEWORK_FIELDS) | scorecard_level <= set(exports.SUMMARY_COLUMNS)


@pytest.mark.django_db
def test_the_exports_carry_the_fields_of_the_scorecard_api(assessed):
    direct = _get(assessed.member, "api-team-scorecard", team="fraud").json()
    kwargs = {"org": "acme", "team": "fraud"}
    report = json.loads(
        _get(assessed.member, "team-report-export", export="report.json", **kwargs).content
    )
    assert report["teams"][0]["scorecard"] == _without_provenance(direct)
    text = _get(assessed.member, "team-report-export", export="scorecard.csv", **kwargs).content
    rows = {r["capability"]: r for r in csv.DictReader(io.StringIO(text.decode()))}
    for cap_id, fields in direct["capabilities"].items():
        assert {k: rows[cap_id][k] for k in CAPABILITY_FIELDS} == {
            k: _text(fields[k]) for k in CAPABILITY_FIELDS
        }
    book = _get(assessed.member, "team-report-export", export="report.xlsx", **kwargs).content
    sheet = list(load_workbook(io.BytesIO(book))["capabilities"].iter_rows(values_only=True))
    assert sheet[0] == exports.SCORECARD_COLUMNS
    for row in (dict(zip(sheet[0], r, strict=True)) for r in sheet[1:]):
        fields = direct["capabilities"][row["capability"]]
        assert {k: row[k] for k in CAPABILITY_FIELDS} == {
            k: _xlsx(fields[k]) for k in CAPABILITY_FIELDS
        }
        assert row["aspect_score"] == direct["aspects"][row["aspect"]]


@pytest.mark.django_db
def test_a_last_round_of_a_retired_rubric_without_a_stored_scorecard_counts_no_answers(
    assessed,
):
    ScorecardSnapshot.objects.all().delete()
    AssessmentRound.objects.filter(team=assessed.team).update(rubric_version="retired-0")
    direct, in_report = _bodies(assessed)
    assert direct["rubric_version"] == get_rubric().version
    assert (direct["respondents"], direct["round"], direct["stored_at"]) == (0, None, None)
    assert in_report == direct
