"""Storage mechanics of telemetry: how validated events become rows of the events table.

Every way a row is written or an id looked up lives here: COPY for big batches on
PostgreSQL, INSERT ... ON CONFLICT DO NOTHING otherwise, and the probe that reads
which ids are stored. Both writers take their values from one mapping, `_row`.
`telemetry.services` decides what to store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from telemetry.contract import ParsedEvent
from telemetry.models import Event
from tenancy.models import ApiToken


def stored_hashes(
    events: tuple[ParsedEvent, ...], teams: dict[str, int]
) -> dict[tuple[str, str], str]:
    """The stored body hash of each event's (team slug, event id) that is stored."""
    slug_of = {team_id: slug for slug, team_id in teams.items()}
    rows: Iterable[tuple[int, str, str]]
    if connection.vendor == "postgresql":
        # The (team, id) pairs as two array parameters instead of an IN list of up to
        # 1000 placeholders, which cost more to build and parse than the lookup itself.
        # Each pair is one probe of the unique index: LIMIT keeps the lateral subquery
        # a per-pair lookup, so the plan does not hinge on the table's statistics (with
        # stale ones PostgreSQL once chose to scan every event of the team instead).
        statement = (
            "SELECT k.team_id, k.event_id, e.body_hash "  # noqa: S608
            "FROM unnest(%s::bigint[], %s::text[]) AS k (team_id, event_id) "
            f"CROSS JOIN LATERAL (SELECT body_hash FROM {Event._meta.db_table} "
            "WHERE team_id = k.team_id AND event_id = k.event_id LIMIT 1) AS e"
        )
        team_ids = [teams[e.team or ""] for e in events]
        with connection.cursor() as cursor:
            cursor.execute(statement, [team_ids, [e.event_id for e in events]])
            rows = cursor.fetchall()
    else:
        ids = {e.event_id for e in events}
        rows = Event.objects.filter(team_id__in=slug_of, event_id__in=ids).values_list(
            "team_id", "event_id", "body_hash"
        )
    return {(slug_of[team_id], event_id): digest for team_id, event_id, digest in rows}


COLUMNS = (
    "organization_id",
    "team_id",
    "event_id",
    "type",
    "occurred_at",
    "received_at",
    "pipeline",
    "model_name",
    "environment",
    "run_id",
    "actor_type",
    "attributes",
    "body_hash",
)


def _row(
    e: ParsedEvent,
    organization: Any,
    team_ids: dict[str, Any],
    received: Any,
    time: Callable[[datetime], Any],
) -> tuple[Any, ...]:
    """The one mapping from an event to a row of the table, in COLUMNS order.

    Each writer passes the ids, the receiving time and a converter of times in the
    form it sends them (text for COPY, the database's parameters for INSERT).
    """
    return (
        organization,
        team_ids[e.team or ""],
        e.event_id,
        e.type,
        time(e.occurred_at),
        received,
        e.pipeline,
        e.model,
        e.environment,
        e.run_id,
        e.actor_type,
        e.attributes_json,
        e.body_hash,
    )


def in_index_order(
    events: tuple[ParsedEvent, ...], teams: dict[str, int]
) -> tuple[ParsedEvent, ...]:
    """The events sorted by (team, event_id). Two requests inserting some of the same ids
    then wait on one another in the same order; in the order sent, each could hold an
    id the other waits for, and PostgreSQL would end one of them as a deadlock."""
    return tuple(sorted(events, key=lambda e: (teams[e.team or ""], e.event_id)))


def insert_skipping_stored(
    token: ApiToken, events: tuple[ParsedEvent, ...], teams: dict[str, int]
) -> set[tuple[int, str]]:
    """Insert the events, skipping ids already stored; return the (team id, event id)
    pairs inserted. An id another transaction is inserting makes this wait for it, so
    an id that was skipped is stored and committed when this returns."""
    adapt = connection.ops.adapt_datetimefield_value
    received = adapt(timezone.now())
    rows = [
        _row(e, token.organization_id, teams, received, adapt)
        for e in in_index_order(events, teams)
    ]
    # SQLite takes a bounded number of parameters per statement.
    per_statement = connection.ops.bulk_batch_size(COLUMNS, rows) or len(rows)
    inserted: set[tuple[int, str]] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(_insert_statement(len(chunk)), [v for row in chunk for v in row])
            inserted.update((team_id, event_id) for team_id, event_id in cursor.fetchall())
    return inserted


def _insert_statement(rows: int) -> str:
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * rows)
    # Only constants and placeholders are formatted in; the values travel as parameters.
    return (
        f"INSERT INTO {Event._meta.db_table} ({', '.join(COLUMNS)}) VALUES {placeholders} "  # noqa: S608
        "ON CONFLICT (team_id, event_id) DO NOTHING RETURNING team_id, event_id"
    )


def copy_new(token: ApiToken, events: tuple[ParsedEvent, ...], teams: dict[str, int]) -> bool:
    """Copy the events in bulk if none of their ids is stored: True when copied.

    COPY is several times faster than a multi-row INSERT for big batches, but cannot
    skip a stored id: then it is undone (only it, by its savepoint) and the answer is
    False. Only PostgreSQL has COPY; elsewhere the answer is always False.
    """
    if not events or connection.vendor != "postgresql":
        return False
    text = _copy_text(token, in_index_order(events, teams), teams)
    statement = f"COPY {Event._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN"
    try:
        # The raw psycopg cursor: wrap its errors so a stored id is Django's IntegrityError.
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            cursor.cursor.copy(statement) as copy,
        ):
            copy.write(text)
    except IntegrityError:
        return False
    return True


#: COPY's text format: these four characters are written as escapes inside a value.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(token: ApiToken, events: tuple[ParsedEvent, ...], teams: dict[str, int]) -> str:
    """The rows as COPY text: one tab-separated line per event.

    Built as one string (psycopg's per-row writer cost more than the rest of the
    insert); a line is escaped only when one of its values needs it, which is rare.
    """
    organization, received = str(token.organization_id), timezone.now().isoformat()
    team_ids = {slug: str(team_id) for slug, team_id in teams.items()}
    separators = len(COLUMNS) - 1
    lines = []
    for e in events:
        values = _row(e, organization, team_ids, received, datetime.isoformat)
        line = "\t".join(values)
        if line.count("\t") != separators or "\\" in line or "\n" in line or "\r" in line:
            line = "\t".join(value.translate(_COPY_ESCAPES) for value in values)
        lines.append(line)
    return "\n".join(lines) + "\n"
