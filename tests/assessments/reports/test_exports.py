"""Exports read back into the same scorecards and roadmaps they were made from."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from assessments.reports import exports
from assessments.reports.charts import MetricSeries
from assessments.reports.context import TeamContext
from assessments.reports.roadmap import roadmap_build
from tests.assessments.reports.helpers import advice, rubric, scorecard

pytestmark = pytest.mark.dated


def _teams():
    out = []
    for name, met in (("acme/fraud", ["source_control"]), ("acme/search", [])):
        sc = scorecard(met)
        rm = roadmap_build(rubric=rubric(), scorecard=sc, advice=advice(), context=TeamContext())
        series = MetricSeries("deployment_frequency", "Deployments", "per week",
                              ((date(2026, 9, 7), 3.0), (date(2026, 9, 14), None)))  # fmt: skip
        out.append(exports.TeamExport(name, sc, rm, (series,)))
    return out


def test_the_scorecard_csv_has_a_row_per_team_and_capability_with_its_state():
    teams = _teams()
    rows = list(csv.DictReader(io.StringIO(exports.scorecard_csv(rubric(), teams))))
    assert len(rows) == 2 * len(rubric().capabilities)
    fraud = {r["capability"]: r for r in rows if r["team"] == "acme/fraud"}
    assert fraud["source_control"]["state"] == "met"
    assert fraud["lineage"]["state"] == teams[0].scorecard.capabilities["lineage"].state


def test_the_roadmap_csv_lists_open_items_in_order_with_the_advice_version():
    teams = _teams()
    rows = list(csv.DictReader(io.StringIO(exports.roadmap_csv(teams))))
    google = [r for r in rows if r["team"] == "acme/search" and r["framework"] == "google"]
    expected = [i.capability for i in teams[1].roadmap.frameworks[0].items]
    assert [r["capability"] for r in google] == expected
    assert google[0]["order"] == "1"
    assert {r["advice_version"] for r in rows} == {advice().version}


def test_the_json_export_carries_scorecards_roadmaps_and_metrics():
    data = json.loads(exports.report_json(_teams()))
    first = data["teams"][0]
    assert first["team"] == "acme/fraud"
    assert first["scorecard"]["capabilities"]["source_control"]["state"] == "met"
    assert first["roadmap"]["advice_version"] == advice().version
    assert first["metrics"][0]["points"] == [["2026-09-07", 3.0], ["2026-09-14", None]]


def test_the_workbook_has_the_four_sheets_managers_read():
    teams = _teams()
    wb = load_workbook(io.BytesIO(exports.workbook_xlsx(rubric(), teams)))
    assert wb.sheetnames == ["summary", "capabilities", "roadmap", "metrics"]
    summary = list(wb["summary"].iter_rows(values_only=True))
    assert summary[0][:4] == ("team", "framework", "claimed_level", "assessed_level")
    assert len(summary) == 1 + 2 * len(rubric().frameworks)
    capabilities = list(wb["capabilities"].iter_rows(values_only=True))
    assert len(capabilities) == 1 + 2 * len(rubric().capabilities)
    metrics = list(wb["metrics"].iter_rows(values_only=True))
    assert metrics[1] == ("acme/fraud", "deployment_frequency", "per week", "2026-09-07", 3)
