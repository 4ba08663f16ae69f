"""CSV, JSON and XLSX exports of scorecards and roadmaps, for one team or a whole
organisation (pure: plain data in, text or bytes out)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from assessments.reports.charts import MetricSeries
from assessments.reports.data import plain, roadmap_to_data
from assessments.reports.roadmap import Roadmap
from assessments.rubric.scorecard import Scorecard
from assessments.rubric.types import Rubric
from assessments.scorecards.codec import scorecard_to_data

#: Every field of the scorecard shape (`assessments.scorecards.codec`) has a column: a capability's
#: in the capability rows, a framework's and the scorecard's own in the summary rows.
SCORECARD_COLUMNS = (
    "team", "capability", "name", "aspect", "state", "claim", "claim_score", "evidence",
    "unverified", "disagreement", "events", "note", "answers", "respondent_scores", "score",
    "aspect_score",
)  # fmt: skip
ROADMAP_COLUMNS = (
    "team", "framework", "assessed_level", "next_level", "target_level", "order", "capability",
    "name", "status", "effort", "days", "value", "depends_on", "why", "steps", "signal",
    "reference", "done_on", "advice_version",
)  # fmt: skip
SUMMARY_COLUMNS = (
    "team", "framework", "claimed_level", "assessed_level", "evidence_coverage", "next_level",
    "progress_to_next", "target_level", "respondents", "rubric_version", "window_days",
    "blocking", "explanation",
)  # fmt: skip
METRIC_COLUMNS = ("team", "metric", "unit", "week", "value")
#: Text starting with one of these is read as a formula by spreadsheet programs, so user
#: text (event ids, justifications) could run in a manager's spreadsheet: OWASP's CSV
#: injection guidance is to start such a cell with a single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class TeamExport:
    """What one team contributes to an export; roadmap None where it has no scorecard yet."""

    team: str  # "org/team"
    scorecard: Scorecard
    roadmap: Roadmap | None
    metrics: Sequence[MetricSeries] = ()


def inert(value: Any) -> Any:
    """A cell's value that no spreadsheet runs: text that could start a formula gets a
    leading quote; numbers (negative ones too), dates and empty cells stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(data: dict[str, Any]) -> dict[str, Any]:
    """One field per cell: lists as space-separated text."""
    return {k: " ".join(map(str, v)) if isinstance(v, list) else v for k, v in data.items()}


def scorecard_rows(rubric: Rubric, teams: Sequence[TeamExport]) -> Iterator[dict[str, Any]]:
    caps = {c.id: c for c in rubric.capabilities}
    for t in teams:
        data = scorecard_to_data(t.scorecard)
        for cap_id, fields in data["capabilities"].items():
            cap = caps.get(cap_id)
            aspect = cap.aspect if cap else ""
            yield {
                "team": t.team, "name": cap.name if cap else cap_id, "aspect": aspect,
                **_cells(fields), "aspect_score": data["aspects"].get(aspect),
            }  # fmt: skip


def roadmap_rows(teams: Sequence[TeamExport]) -> Iterator[dict[str, Any]]:
    for t in teams:
        if t.roadmap is None:
            continue
        for fr in t.roadmap.frameworks:
            for n, item in enumerate(fr.items, start=1):
                yield {
                    "team": t.team, "framework": fr.framework,
                    "assessed_level": fr.assessed_level, "next_level": fr.next_level,
                    "target_level": fr.target.level, "order": n if item.status == "open" else "",
                    "capability": item.capability, "name": item.name, "status": item.status,
                    "effort": item.effort, "days": item.days, "value": item.value,
                    "depends_on": " ".join(item.depends_on), "why": item.why,
                    "steps": "\n".join(item.steps), "signal": item.signal,
                    "reference": item.reference,
                    "done_on": item.done_on.isoformat() if item.done_on else "",
                    "advice_version": t.roadmap.advice_version,
                }  # fmt: skip


def summary_rows(teams: Sequence[TeamExport]) -> Iterator[dict[str, Any]]:
    for t in teams:
        targets = {f.framework: f.target.level for f in t.roadmap.frameworks} if t.roadmap else {}
        data = scorecard_to_data(t.scorecard)
        for fw, fields in data["frameworks"].items():
            yield {
                "team": t.team, **_cells(fields),
                "evidence_coverage": round(fields["evidence_coverage"], 3),
                "progress_to_next": (
                    None if fields["progress_to_next"] is None
                    else round(fields["progress_to_next"], 3)
                ),
                "target_level": targets.get(fw), "respondents": data["respondents"],
                "rubric_version": data["rubric_version"], "window_days": data["window_days"],
            }  # fmt: skip


def metric_rows(teams: Sequence[TeamExport]) -> Iterator[dict[str, Any]]:
    for t in teams:
        for series in t.metrics:
            for week, value in series.points:
                yield {"team": t.team, "metric": series.key, "unit": series.unit,
                       "week": week.isoformat(), "value": value}  # fmt: skip


def to_csv(columns: Sequence[str], rows: Iterator[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else inert(v) for k, v in row.items()})
    return out.getvalue()


def scorecard_csv(rubric: Rubric, teams: Sequence[TeamExport]) -> str:
    return to_csv(SCORECARD_COLUMNS, scorecard_rows(rubric, teams))


def roadmap_csv(teams: Sequence[TeamExport]) -> str:
    return to_csv(ROADMAP_COLUMNS, roadmap_rows(teams))


def report_json(teams: Sequence[TeamExport]) -> str:
    return json.dumps(
        {
            "teams": [
                {
                    "team": t.team,
                    "scorecard": scorecard_to_data(t.scorecard),
                    "roadmap": roadmap_to_data(t.roadmap) if t.roadmap else None,
                    "metrics": [plain(asdict(s)) for s in t.metrics],
                }
                for t in teams
            ]
        },
        indent=2,
    )


def _sheet(
    wb: Workbook, title: str, columns: Sequence[str], rows: Iterator[dict[str, Any]]
) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([inert(row.get(c)) for c in columns])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                # openpyxl stores text starting with "=" as a formula, and text such as
                # "#N/A" as an error: text stays text.
                cell.data_type = "s"
    ws.freeze_panes = "A2"
    for n, column in enumerate(columns, start=1):
        letter = ws.cell(row=1, column=n).column_letter
        wide = column in ("why", "steps", "signal", "note", "reference")
        ws.column_dimensions[letter].width = 60 if wide else max(12, len(column) + 2)
        if wide:
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def workbook_xlsx(rubric: Rubric, teams: Sequence[TeamExport]) -> bytes:
    """Sheets: summary, capabilities, roadmap, metrics."""
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    _sheet(wb, "summary", SUMMARY_COLUMNS, summary_rows(teams))
    _sheet(wb, "capabilities", SCORECARD_COLUMNS, scorecard_rows(rubric, teams))
    _sheet(wb, "roadmap", ROADMAP_COLUMNS, roadmap_rows(teams))
    _sheet(wb, "metrics", METRIC_COLUMNS, metric_rows(teams))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
