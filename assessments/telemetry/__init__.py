"""Telemetry events against the contract (docs/telemetry.md): pure checks, no database.

`parse_payload` turns a request body into normalised events or per-field
errors; `team_errors` and `classify` finish the job with what the database
knows. The service `assessments.services.telemetry.telemetry_ingest` stores.
"""

from assessments.telemetry.batch import (
    Classified,
    ParsedBatch,
    classify,
    parse_payload,
    team_errors,
)
from assessments.telemetry.schemas import ATTRIBUTES, EVENT_TYPES, MAX_BATCH
from assessments.telemetry.validation import FieldError, ParsedEvent, parse_event, parse_timestamp

__all__ = [
    "ATTRIBUTES",
    "EVENT_TYPES",
    "MAX_BATCH",
    "Classified",
    "FieldError",
    "ParsedBatch",
    "ParsedEvent",
    "classify",
    "parse_event",
    "parse_payload",
    "parse_timestamp",
    "team_errors",
]
