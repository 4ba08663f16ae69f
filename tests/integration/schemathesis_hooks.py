"""Hooks the API contract test loads into schemathesis (through SCHEMATHESIS_HOOKS).

Events name their team by slug, a reference the schema cannot list: any string up to
the length limit is schema-valid, while the API refuses a team its token may not send
for. So every schema-valid `team` of a generated event becomes the events token's
team; a value that breaks the schema (too long, not a string) is left as generated,
so valid cases stay valid and invalid ones stay invalid.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis.hooks import HookContext

from telemetry.contract.schemas import ENVELOPE_STRINGS


@schemathesis.hook("map_case")
def events_name_the_tokens_team(context: HookContext, case: Case) -> Case:
    if case.operation.path != "/api/v1/events" or not isinstance(case.body, dict):
        return case
    team = os.environ["SCHEMATHESIS_EVENTS_TEAM"]
    body = dict(case.body)
    events = body.get("events")
    if isinstance(events, list):
        body["events"] = [_with_team(event, team) for event in events]
    else:
        body = _with_team(body, team)
    case.body = body
    return case


def _with_team(event: Any, team: str) -> Any:
    value = event.get("team") if isinstance(event, dict) else None
    if isinstance(value, str) and len(value) <= ENVELOPE_STRINGS["team"]:
        return {**event, "team": team}
    return event
