"""Input validation of the prediction service and the canary traffic split (pure)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

CATEGORY_VALUES: dict[str, tuple[str, ...]] = {
    "season": ("spring", "summer", "fall", "winter"),
    "holiday": ("Yes", "No"),
    "weekday": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "workingday": ("Yes", "No"),
    "weathersit": ("Clear", "Mist", "Light Rain", "Heavy Rain"),
}
NUMBER_RANGES: dict[str, tuple[float, float]] = {
    "hr": (0, 23),
    "temp": (-40, 60),
    "atemp": (-40, 70),
    "hum": (0, 100),
    "windspeed": (0, 120),
}
#: Fields that may be left out or null: the model imputes them (the data has gaps there too).
OPTIONAL = frozenset({"weekday", "weathersit"})


@dataclass(frozen=True)
class ParsedInput:
    row: dict[str, Any]
    errors: dict[str, list[str]]


def parse_input(payload: object) -> ParsedInput:
    """One row of model inputs, or every field's problem at once."""
    if not isinstance(payload, dict):
        return ParsedInput({}, {"non_field_errors": ["Send a JSON object of input fields."]})
    row: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, (low, high) in NUMBER_RANGES.items():
        _number(payload.get(name), name, low, high, row, errors)
    for name, allowed in CATEGORY_VALUES.items():
        _category(payload.get(name), name, allowed, row, errors)
    unknown = sorted(set(payload) - set(NUMBER_RANGES) - set(CATEGORY_VALUES))
    for name in unknown:
        errors[name] = ["Unknown field."]
    return ParsedInput(row if not errors else {}, errors)


def _number(
    value: object,
    name: str,
    low: float,
    high: float,
    row: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    if value is None:
        errors[name] = ["This field is required."]
    elif isinstance(value, bool) or not isinstance(value, int | float):
        errors[name] = ["A number is required."]
    elif not low <= value <= high:
        errors[name] = [f"Must be between {low:g} and {high:g}."]
    elif name == "hr" and int(value) != value:
        errors[name] = ["Must be a whole hour."]
    else:
        row[name] = value


def _category(
    value: object,
    name: str,
    allowed: tuple[str, ...],
    row: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    if value is None and name in OPTIONAL:
        row[name] = None
    elif value is None:
        errors[name] = ["This field is required."]
    elif value not in allowed:
        errors[name] = [f"Must be one of: {', '.join(allowed)}."]
    else:
        row[name] = value


def canary_bucket(key: str) -> int:
    """A stable bucket 0-99 for a request key, so a caller sees one model consistently."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100


def choose_route(key: str, canary_percent: int) -> str:
    """`canary` for the first `canary_percent` buckets, else `stable`."""
    return "canary" if canary_bucket(key) < canary_percent else "stable"


def application_checks_inputs() -> list[tuple[object, set[str]]]:
    """Inputs and the fields the service must reject for them (used by the CI stage)."""
    good = {
        "hr": 8,
        "temp": 20.0,
        "atemp": 21.0,
        "hum": 50.0,
        "windspeed": 10.0,
        "season": "summer",
        "holiday": "No",
        "weekday": "Mon",
        "workingday": "Yes",
        "weathersit": "Clear",
    }
    return [
        (good, set()),
        ({**good, "hr": 24}, {"hr"}),
        ({**good, "temp": "warm", "season": "monsoon"}, {"temp", "season"}),
        ({k: v for k, v in good.items() if k != "hum"}, {"hum"}),
        ({**good, "weathersit": None}, set()),
        ({**good, "colour": "red"}, {"colour"}),
        ([1, 2], {"non_field_errors"}),
    ]
