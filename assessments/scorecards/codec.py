"""A Scorecard to JSON-ready data and back, for stored snapshots (pure)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from assessments.rubric.scorecard import CapabilityScore, FrameworkScore, Scorecard


def scorecard_to_data(scorecard: Scorecard) -> dict[str, Any]:
    """Plain dicts and lists only, so json.dumps and a JSONField take it as is."""
    return {
        "rubric_version": scorecard.rubric_version,
        "window_days": scorecard.window_days,
        "respondents": scorecard.respondents,
        "capabilities": {k: _plain(asdict(v)) for k, v in scorecard.capabilities.items()},
        "frameworks": {k: _plain(asdict(v)) for k, v in scorecard.frameworks.items()},
        "aspects": dict(scorecard.aspects),
        "disagreements": list(scorecard.disagreements),
    }


def scorecard_from_data(data: dict[str, Any]) -> Scorecard:
    return Scorecard(
        rubric_version=data["rubric_version"],
        window_days=data["window_days"],
        respondents=data["respondents"],
        capabilities={
            k: CapabilityScore(**_tuples(v, ("answers", "events", "respondent_scores")))
            for k, v in data["capabilities"].items()
        },
        frameworks={
            k: FrameworkScore(**_tuples(v, ("blocking",))) for k, v in data["frameworks"].items()
        },
        aspects=dict(data["aspects"]),
        disagreements=tuple(data["disagreements"]),
    )


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def _tuples(d: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: tuple(v) if k in keys else v for k, v in d.items()}
