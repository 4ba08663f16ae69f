"""Telemetry events against the contract (docs/telemetry.md): pure checks, no database.

`parse_payload` turns a request body into normalised events or per-field
errors; `team_errors` and `classify` finish the job with what the database
knows. The service `telemetry.services.telemetry_ingest` stores.
"""

from telemetry.contract.batch import (
    Classified,
    ParsedBatch,
    classify,
    parse_payload,
    team_errors,
)
from telemetry.contract.schemas import ATTRIBUTES, EVENT_TYPES, MAX_BATCH
from telemetry.contract.validation import FieldError, ParsedEvent, parse_event, parse_timestamp

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
