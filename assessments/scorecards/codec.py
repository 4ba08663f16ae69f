"""The one JSON shape of a Scorecard, and back (pure).

Stored snapshots, `GET /api/v1/teams/<team>/scorecard`, the `scorecard` of the
report API and the JSON export all carry `scorecard_to_data`'s shape; the API
adds only where the scorecard came from (team, round, when it was stored).
`scorecard_from_data` reads stored snapshots and those bodies back.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from assessments.rubric.scorecard import CapabilityScore, FrameworkScore, Scorecard

#: The fields of each capability and each framework in the shape, in order.
CAPABILITY_FIELDS = tuple(f.name for f in fields(CapabilityScore))
FRAMEWORK_FIELDS = tuple(f.name for f in fields(FrameworkScore))
#: The scorecard's own top-level fields in the shape, in order.
SCORECARD_FIELDS = (
    "rubric_version",
    "window_days",
    "respondents",
    "frameworks",
    "aspects",
    "capabilities",
    "disagreements",
)


def scorecard_to_data(scorecard: Scorecard) -> dict[str, Any]:
    """Plain dicts and lists only, so json.dumps and a JSONField take it as is."""
    return {
        "rubric_version": scorecard.rubric_version,
        "window_days": scorecard.window_days,
        "respondents": scorecard.respondents,
        "frameworks": {k: _plain(asdict(v)) for k, v in scorecard.frameworks.items()},
        "aspects": dict(scorecard.aspects),
        "capabilities": {k: _plain(asdict(v)) for k, v in scorecard.capabilities.items()},
        "disagreements": list(scorecard.disagreements),
    }


def scorecard_from_data(data: dict[str, Any]) -> Scorecard:
    """The Scorecard of a stored snapshot or an API body (keys outside the shape ignored)."""
    return Scorecard(
        rubric_version=data["rubric_version"],
        window_days=data["window_days"],
        respondents=data["respondents"],
        capabilities={
            k: CapabilityScore(
                **_tuples(v, CAPABILITY_FIELDS, ("answers", "events", "respondent_scores"))
            )
            for k, v in data["capabilities"].items()
        },
        frameworks={
            k: FrameworkScore(**_tuples(v, FRAMEWORK_FIELDS, ("blocking",)))
            for k, v in data["frameworks"].items()
        },
        aspects=dict(data["aspects"]),
        disagreements=tuple(data["disagreements"]),
    )


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def _tuples(d: dict[str, Any], known: tuple[str, ...], lists: tuple[str, ...]) -> dict[str, Any]:
    return {k: tuple(d[k]) if k in lists else d[k] for k in known}
