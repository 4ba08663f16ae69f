"""Checking one event against the contract: per-field errors, or the normalised event.

Pure: plain JSON values in, frozen dataclasses out. Runs once per event on the
ingestion hot path, so it walks each event once with plain type checks.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telemetry.contract.conformance import json_type as _json_type
from telemetry.contract.conformance import parse_timestamp, valid_event_time
from telemetry.contract.schemas import (
    ACTOR_TYPES,
    ATTRIBUTES,
    DEPLOYMENT_TYPES,
    ENVELOPE_FIELDS,
    ENVELOPE_STRINGS,
    EVENT_TYPES,
    MAX_EVENT_BYTES,
    MODEL_TYPES,
    Field,
    Kind,
)

# Built once: json.dumps with options builds a new encoder on every call. A number too
# large for a float (1e999) is parsed as infinity, which JSON cannot hold: refused here.
_SORTED = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)
_PLAIN = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
#: What _PLAIN escapes in a string (ensure_ascii off): quotes, backslashes, control characters.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')


@dataclass(frozen=True, slots=True)
class FieldError:
    """Why one event was refused: its position in the batch, the field and a message."""

    #: The event's position in the batch; None when the body as a whole is wrong.
    index: int | None
    field: str
    message: str
    code: str = "invalid"

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class ParsedEvent:
    """An event that meets the contract, with the envelope normalised (UTC time, defaults)."""

    index: int
    event_id: str
    type: str
    occurred_at: datetime
    team: str | None
    pipeline: str
    model: str
    environment: str
    run_id: str
    actor_type: str
    attributes: dict[str, Any]
    #: The attributes as canonical JSON, ready to store.
    attributes_json: str
    #: SHA-256 of the canonical body: tells a resend from a different event under the same id.
    body_hash: str


class _Errors:
    def __init__(self, index: int) -> None:
        self.index = index
        self.items: list[FieldError] = []

    def add(self, field: str, message: str, code: str = "invalid") -> None:
        self.items.append(FieldError(self.index, field, message, code))


def parse_event(
    raw: object, index: int, *, token_team: str | None = None
) -> ParsedEvent | list[FieldError]:
    """Check one event; `token_team` is the team a team-limited token stands for."""
    errors = _Errors(index)
    occurred_at = valid_event_time(raw, token_team)
    if occurred_at is not None:
        # The usual case, told in one pass; the full check below only runs to name problems.
        assert isinstance(raw, dict)  # valid_event_time said so
        strings = {name: raw[name] for name in ENVELOPE_STRINGS if raw.get(name) is not None}
        attributes = raw.get("attributes", {})
        return _normalised(index, strings, raw["type"], occurred_at, attributes, token_team, errors)
    return _checked_in_full(raw, index, token_team, errors)


def _checked_in_full(
    raw: object, index: int, token_team: str | None, errors: _Errors
) -> ParsedEvent | list[FieldError]:
    if not isinstance(raw, dict):
        errors.add("", f"an event must be a JSON object, got {_json_type(raw)}")
        return errors.items
    for name in raw.keys() - ENVELOPE_FIELDS:
        errors.add(name, "is not an envelope field; put extra data in attributes", "unknown")
    strings = _envelope_strings(raw, errors)
    event_type = _event_type(raw.get("type"), errors)
    occurred_at = _occurred_at(raw.get("occurred_at"), errors)
    attributes = raw.get("attributes", {})
    if not isinstance(attributes, dict):
        errors.add("attributes", f"must be an object, got {_json_type(attributes)}")
    elif event_type is not None:
        _check_fields(attributes, ATTRIBUTES[event_type], "attributes", errors)
    _check_envelope_rules(strings, event_type, token_team, errors)
    if errors.items or event_type is None or not isinstance(occurred_at, datetime):
        return errors.items
    return _normalised(index, strings, event_type, occurred_at, attributes, token_team, errors)


def _envelope_strings(raw: Mapping[str, Any], errors: _Errors) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, max_length in ENVELOPE_STRINGS.items():
        value = raw.get(name)
        if value is None:
            continue
        problem = _string_problem(value, max_length)
        if problem:
            errors.add(name, problem)
        else:
            values[name] = value
    if raw.get("event_id") is None:
        errors.add("event_id", "is required", "required")
    elif values.get("event_id") == "":
        errors.add("event_id", "must not be empty", "required")
    return values


def _event_type(value: object, errors: _Errors) -> str | None:
    if value is None:
        errors.add("type", "is required", "required")
    elif not isinstance(value, str) or value not in ATTRIBUTES:
        errors.add("type", f"unknown event type {value!r}; one of {', '.join(EVENT_TYPES)}")
    else:
        return value
    return None


def _occurred_at(value: object, errors: _Errors) -> datetime | None:
    if value is None:
        errors.add("occurred_at", "is required", "required")
        return None
    parsed = parse_timestamp(value)
    if isinstance(parsed, str):
        errors.add("occurred_at", parsed)
        return None
    return parsed


def _check_envelope_rules(
    strings: Mapping[str, str], event_type: str | None, token_team: str | None, errors: _Errors
) -> None:
    if event_type in MODEL_TYPES and not strings.get("model"):
        errors.add("model", f"is required for {event_type} events", "required")
    actor = strings.get("actor_type")
    if actor is not None and actor not in ACTOR_TYPES:
        errors.add("actor_type", f"must be one of {', '.join(ACTOR_TYPES)}, got {actor!r}")
    if token_team is None and not strings.get("team"):
        errors.add("team", "is required (this token is not limited to one team)", "required")


def _check_fields(
    values: Mapping[str, Any], spec: Mapping[str, Field], prefix: str, errors: _Errors
) -> None:
    for name, rule in spec.items():
        path = f"{prefix}.{name}"
        value = values.get(name)
        if value is None:
            if rule.required:
                errors.add(path, "is required", "required")
            continue
        problem = _value_problem(value, rule)
        if problem:
            errors.add(path, problem)
        elif rule.kind is Kind.LIST and rule.items:
            for position, item in enumerate(value):
                if isinstance(item, dict):
                    _check_fields(item, rule.items, f"{path}[{position}]", errors)
                else:
                    errors.add(f"{path}[{position}]", f"must be an object, got {_json_type(item)}")


def _value_problem(value: object, rule: Field) -> str | None:
    kind = rule.kind
    if kind is Kind.STRING:
        problem = _string_problem(value, rule.max_length)
        if problem is None and rule.choices and value not in rule.choices:
            return f"must be one of {', '.join(rule.choices)}, got {value!r}"
        return problem
    if kind is Kind.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, got {_json_type(value)}"
        return "must not be negative" if value < 0 else None
    if kind is Kind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, got {_json_type(value)}"
        return None if math.isfinite(value) else "must be a finite number"
    if kind is Kind.BOOLEAN:
        return (
            None if isinstance(value, bool) else f"must be true or false, got {_json_type(value)}"
        )
    if kind is Kind.OBJECT:
        return None if isinstance(value, dict) else f"must be an object, got {_json_type(value)}"
    if kind is Kind.LIST:
        return None if isinstance(value, list) else f"must be a list, got {_json_type(value)}"
    parsed = parse_timestamp(value)
    return parsed if isinstance(parsed, str) else None


def _string_problem(value: object, max_length: int) -> str | None:
    if not isinstance(value, str):
        return f"must be a string, got {_json_type(value)}"
    if len(value) > max_length:
        return f"must be at most {max_length} characters, got {len(value)}"
    if "\x00" in value:
        return "must not contain NUL characters"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "must be valid Unicode text (it holds a lone surrogate)"
    return None


def _normalised(
    index: int,
    strings: Mapping[str, str],
    event_type: str,
    occurred_at: datetime,
    attributes: dict[str, Any],
    token_team: str | None,
    errors: _Errors,
) -> ParsedEvent | list[FieldError]:
    environment = strings.get("environment", "")
    if not environment and event_type in DEPLOYMENT_TYPES:
        from_attributes = attributes.get("environment")
        environment = from_attributes if isinstance(from_attributes, str) else "production"
    envelope = [
        strings["event_id"],
        event_type,
        occurred_at.isoformat(),
        strings.get("pipeline", ""),
        strings.get("model", ""),
        environment,
        strings.get("run_id", ""),
        strings.get("actor_type", ""),
    ]
    canonical = _canonical(envelope, attributes, errors)
    if canonical is None:
        return errors.items
    attributes_json, digest = canonical
    return ParsedEvent(
        index=index,
        event_id=envelope[0],
        type=event_type,
        occurred_at=occurred_at,
        team=strings.get("team") or token_team,
        pipeline=envelope[3],
        model=envelope[4],
        environment=environment,
        run_id=envelope[6],
        actor_type=envelope[7],
        attributes=attributes,
        attributes_json=attributes_json,
        body_hash=digest,
    )


def _canonical(
    envelope: list[str], attributes: dict[str, Any], errors: _Errors
) -> tuple[str, str] | None:
    """The attributes as canonical JSON (sorted keys) and the SHA-256 of the whole body.

    The team is left out of the hash: event ids are per team already.
    """
    try:
        attributes_json = _SORTED.encode(attributes)
        encoded = attributes_json.encode("utf-8")
    except UnicodeEncodeError:  # before ValueError, its parent
        errors.add("attributes", "holds text that is not valid Unicode (a lone surrogate)")
        return None
    except (ValueError, TypeError, RecursionError):
        errors.add("attributes", "holds a value that is not plain JSON (NaN or too deeply nested)")
        return None
    if len(encoded) > MAX_EVENT_BYTES:
        errors.add("attributes", f"are {len(encoded)} bytes long; at most {MAX_EVENT_BYTES}")
        return None
    # The database refuses NUL in text; the escape appears in the dump only if one was sent.
    if "\\u0000" in attributes_json and _holds_nul(attributes):
        errors.add("attributes", "must not contain NUL characters")
        return None
    head = _envelope_json(envelope).encode("utf-8")
    return attributes_json, hashlib.sha256(head + b"\n" + encoded).hexdigest()


def _envelope_json(envelope: list[str]) -> str:
    """The envelope as _PLAIN writes it; strings that need no escape are joined directly."""
    if _NEEDS_ESCAPE.search(" ".join(envelope)):
        return _PLAIN.encode(envelope)
    return '["' + '","'.join(envelope) + '"]'


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any("\x00" in k or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False
