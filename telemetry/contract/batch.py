"""A request body as a batch: its shape, its teams, and which events are new.

Pure: the service hands in what the database knows (teams by slug, stored
hashes by id) and gets back what to store and what to report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from telemetry.contract.schemas import MAX_BATCH
from telemetry.contract.validation import FieldError, ParsedEvent, parse_event


@dataclass(frozen=True)
class ParsedBatch:
    events: tuple[ParsedEvent, ...]
    errors: tuple[FieldError, ...]
    size: int


def parse_payload(payload: object, *, token_team: str | None) -> ParsedBatch:
    """One event object, or {"events": [...]} with 1 to MAX_BATCH events."""
    if not isinstance(payload, dict):
        return _shape_error("", 'the body must be a JSON object: one event or {"events": [...]}')
    if "events" not in payload:
        raw_events: list[object] = [payload]
    else:
        extra = sorted(payload.keys() - {"events"})
        if extra:
            return _shape_error(extra[0], 'a batch holds only the key "events"')
        raw_events = payload["events"]
        if not isinstance(raw_events, list):
            return _shape_error("events", "must be a list of event objects")
        if not 1 <= len(raw_events) <= MAX_BATCH:
            return _shape_error(
                "events", f"must hold 1 to {MAX_BATCH} events, got {len(raw_events)}"
            )
    events: list[ParsedEvent] = []
    errors: list[FieldError] = []
    for index, raw in enumerate(raw_events):
        result = parse_event(raw, index, token_team=token_team)
        if isinstance(result, ParsedEvent):
            events.append(result)
        else:
            errors.extend(result)
    return ParsedBatch(tuple(events), tuple(errors), len(raw_events))


def _shape_error(field: str, message: str) -> ParsedBatch:
    return ParsedBatch((), (FieldError(None, field, message),), 0)


def team_errors(
    events: tuple[ParsedEvent, ...], *, known: Mapping[str, int], token_team: str | None
) -> list[FieldError]:
    """Events whose team is not one of `known` (the token's organisation), or not its team."""
    errors = []
    for event in events:
        slug = event.team or ""
        if token_team is not None and slug != token_team:
            message = f"this token may only send events for team {token_team!r}"
            errors.append(FieldError(event.index, "team", message, "forbidden_team"))
        elif slug not in known:
            message = f"unknown team {slug!r} in this token's organisation"
            errors.append(FieldError(event.index, "team", message, "unknown_team"))
    return errors


@dataclass(frozen=True)
class Classified:
    new: tuple[ParsedEvent, ...]
    duplicates: int
    conflicts: tuple[FieldError, ...]


def classify(
    events: tuple[ParsedEvent, ...], *, stored: Mapping[tuple[str, str], str]
) -> Classified:
    """Split events into new ones, resends (same body) and conflicts (same id, other body).

    `stored` maps (team slug, event_id) to the stored body hash; events earlier in
    the batch count as stored for the ones after them.
    """
    seen = dict(stored)
    new: list[ParsedEvent] = []
    conflicts: list[FieldError] = []
    duplicates = 0
    for event in events:
        key = (event.team or "", event.event_id)
        known_hash = seen.get(key)
        if known_hash is None:
            seen[key] = event.body_hash
            new.append(event)
        elif known_hash == event.body_hash:
            duplicates += 1
        else:
            message = f"event_id {event.event_id!r} is already used by an event with another body"
            conflicts.append(FieldError(event.index, "event_id", message, "conflict"))
    return Classified(tuple(new), duplicates, tuple(conflicts))
