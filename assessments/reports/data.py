"""Roadmaps and history as plain JSON-ready data, for the API and the exports (pure)."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime
from typing import Any

from assessments.reports.history import History
from assessments.reports.roadmap import FrameworkRoadmap, Roadmap, RoadmapItem


def plain(value: Any) -> Any:
    """Dates as ISO strings, tuples as lists, mappings as dicts, recursively."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def item_to_data(item: RoadmapItem) -> dict[str, Any]:
    data: dict[str, Any] = plain(asdict(item))
    return data


def framework_roadmap_to_data(fr: FrameworkRoadmap) -> dict[str, Any]:
    data = {f.name: getattr(fr, f.name) for f in fields(fr) if f.name not in ("items", "target")}
    return {
        **plain(data),
        "target": plain(asdict(fr.target)),
        "items": [item_to_data(i) for i in fr.items],
    }


def roadmap_to_data(roadmap: Roadmap) -> dict[str, Any]:
    return {
        "rubric_version": roadmap.rubric_version,
        "advice_version": roadmap.advice_version,
        "team_context": plain(asdict(roadmap.context)),
        "top_steps": [i.capability for i in roadmap.top_steps],
        "frameworks": [framework_roadmap_to_data(f) for f in roadmap.frameworks],
    }


def history_to_data(history: History) -> dict[str, Any]:
    return {
        "levels": {fw: plain([asdict(p) for p in pts]) for fw, pts in history.levels.items()},
        "since": plain(history.since),
        "level_changes": list(history.level_changes),
        "changes": [
            {"capability": c.capability, "before": c.before, "after": c.after,
             "reason": c.reason, "sentence": c.sentence}
            for c in history.changes
        ],
    }  # fmt: skip
