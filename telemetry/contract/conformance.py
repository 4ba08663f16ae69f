"""A fast yes/no check of one event against the contract, compiled from the schema.

Pure. Almost every event a pipeline sends is valid, so ingestion first asks
this question, which builds no error paths or messages and checks each
attribute with one precompiled function of its kind. Any doubt answers "no"
and the event takes the full check in validation.py, which names every
problem; the test suite keeps the two in agreement.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from telemetry.contract.schemas import (
    ACTOR_TYPES,
    ATTRIBUTES,
    ENVELOPE_FIELDS,
    ENVELOPE_STRINGS,
    MODEL_TYPES,
    Field,
    Kind,
)

# RFC 3339 date-time: a full date, a time with seconds, an optional fraction and a zone.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")

Check = Callable[[object], bool]
#: One attribute: its name, whether it is required, and the check of a present value.
Rule = tuple[str, bool, Check]


def parse_timestamp(value: object) -> datetime | str:
    """The UTC datetime, or why the value is not an RFC 3339 timestamp with a zone."""
    if type(value) is not str:
        return f"must be an RFC 3339 timestamp string, got {json_type(value)}"
    if not RFC3339.fullmatch(value):
        return "must be an RFC 3339 timestamp with a zone, e.g. 2026-05-04T10:30:00Z"
    try:
        return datetime.fromisoformat(value.upper().replace(" ", "T")).astimezone(UTC)
    except ValueError as exc:
        return f"is not a valid timestamp: {exc}"
    except OverflowError:
        # 0001-01-01T00:00:00+01:00 is a valid time whose UTC date is before year 1.
        return "is out of range: in UTC it falls before year 1 or after year 9999"


def utc_timestamp(value: object) -> datetime | None:
    """The UTC datetime of an RFC 3339 timestamp with a zone, or None."""
    parsed = parse_timestamp(value)
    return parsed if type(parsed) is datetime else None


def json_type(value: object) -> str:
    """How a JSON value's type is named in error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def is_text(value: object, max_length: int) -> bool:
    """A string the database can store: not too long, no NUL, no lone surrogate."""
    if type(value) is not str or len(value) > max_length or "\x00" in value:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _string_check(rule: Field) -> Check:
    if rule.choices:
        allowed = frozenset(c for c in rule.choices if is_text(c, rule.max_length))
        return lambda value: type(value) is str and value in allowed
    max_length = rule.max_length
    return lambda value: is_text(value, max_length)


def _is_number(value: object) -> bool:
    kind = type(value)
    return kind is int or (kind is float and math.isfinite(value))  # type: ignore[arg-type]


def _check(rule: Field) -> Check:
    """The check of one attribute's value, built once per attribute of the schema."""
    kind = rule.kind
    if kind is Kind.STRING:
        return _string_check(rule)
    if kind is Kind.INTEGER:
        return lambda value: type(value) is int and value >= 0
    if kind is Kind.NUMBER:
        return _is_number
    if kind is Kind.BOOLEAN:
        return lambda value: type(value) is bool
    if kind is Kind.OBJECT:
        return lambda value: type(value) is dict
    if kind is Kind.TIMESTAMP:
        return lambda value: utc_timestamp(value) is not None
    if not rule.items:
        return lambda value: type(value) is list
    item_rules = _rules(rule.items)
    return lambda value: (
        type(value) is list
        and all(type(item) is dict and conforms(item, item_rules) for item in value)
    )


def _rules(spec: Mapping[str, Field]) -> tuple[Rule, ...]:
    return tuple((name, rule.required, _check(rule)) for name, rule in spec.items())


def conforms(values: Mapping[str, object], rules: tuple[Rule, ...]) -> bool:
    """Whether every listed attribute of `values` is present when required and well-typed."""
    for name, required, check in rules:
        value = values.get(name)
        if value is None:
            if required:
                return False
        elif not check(value):
            return False
    return True


_BY_TYPE: dict[str, tuple[Rule, ...]] = {name: _rules(spec) for name, spec in ATTRIBUTES.items()}
_ENVELOPE = tuple(ENVELOPE_STRINGS.items())


def valid_event_time(raw: object, token_team: str | None) -> datetime | None:
    """The event's UTC time if the event meets the contract, else None (check it in full).

    Yes only when validation.parse_event's full check would find nothing wrong
    before the event is serialised.
    """
    if type(raw) is not dict or not raw.keys() <= ENVELOPE_FIELDS:
        return None
    event_type = raw.get("type")
    rules = _BY_TYPE.get(event_type) if type(event_type) is str else None
    if rules is None:
        return None
    for name, max_length in _ENVELOPE:
        value = raw.get(name)
        if value is not None and not is_text(value, max_length):
            return None
    actor = raw.get("actor_type")
    if (
        not raw.get("event_id")
        or (event_type in MODEL_TYPES and not raw.get("model"))
        or (actor is not None and actor not in ACTOR_TYPES)
        or (token_team is None and not raw.get("team"))
    ):
        return None
    attributes = raw.get("attributes", {})
    if type(attributes) is not dict or not conforms(attributes, rules):
        return None
    return utc_timestamp(raw.get("occurred_at"))
