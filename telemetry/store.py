"""Storage mechanics of telemetry: how validated events become rows of the events table.

Every way a row is written or an id looked up lives here: COPY for big batches on
PostgreSQL, one INSERT ... ON CONFLICT for small ones, bulk_create elsewhere, and
the probes that read which ids are stored. `telemetry.services` decides what to store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from telemetry.contract import ParsedEvent
from telemetry.models import Event
from tenancy.models import ApiToken


def stored_hashes(
    events: tuple[ParsedEvent, ...], teams: dict[str, int]
) -> dict[tuple[str, str], str]:
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
    """Insert the events in one statement that skips ids already stored; return the
    (team id, event id) pairs it inserted."""
    rows = [_row_values(token, e, teams) for e in in_index_order(events, teams)]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * len(rows))
    # Only constants and placeholders are formatted in; the values travel as parameters.
    statement = (
        f"INSERT INTO {Event._meta.db_table} ({', '.join(COLUMNS)}) VALUES {placeholders} "  # noqa: S608
        "ON CONFLICT (team_id, event_id) DO NOTHING RETURNING team_id, event_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [value for row in rows for value in row])
        return {(team_id, event_id) for team_id, event_id in cursor.fetchall()}


def insert(token: ApiToken, events: tuple[ParsedEvent, ...], teams: dict[str, int]) -> None:
    """PostgreSQL gets COPY, several times faster than a multi-row INSERT for big
    batches; other databases get bulk_create."""
    if not events:
        return
    events = in_index_order(events, teams)
    if connection.vendor != "postgresql":
        Event.objects.bulk_create(_rows(token, events, teams), batch_size=500)
        return
    now = timezone.now()
    statement = f"COPY {Event._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN"
    # The raw psycopg cursor: wrap its errors so a duplicate id is Django's IntegrityError.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        copy.write(_copy_text(token, events, teams, now))


#: COPY's text format: these four characters are written as escapes inside a value.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(
    token: ApiToken, events: tuple[ParsedEvent, ...], teams: dict[str, int], now: datetime
) -> str:
    """The rows in COLUMNS order as COPY text: one tab-separated line per event.

    Built as one string (psycopg's per-row writer cost more than the rest of the
    insert); a line is escaped only when one of its values needs it, which is rare.
    """
    organization, received = str(token.organization_id), now.isoformat()
    team_ids = {slug: str(team_id) for slug, team_id in teams.items()}
    separators = len(COLUMNS) - 1
    lines = []
    for e in events:
        values = (
            organization,
            team_ids[e.team or ""],
            e.event_id,
            e.type,
            e.occurred_at.isoformat(),
            received,
            e.pipeline,
            e.model,
            e.environment,
            e.run_id,
            e.actor_type,
            e.attributes_json,
            e.body_hash,
        )
        line = "\t".join(values)
        if line.count("\t") != separators or "\\" in line or "\n" in line or "\r" in line:
            line = "\t".join(value.translate(_COPY_ESCAPES) for value in values)
        lines.append(line)
    return "\n".join(lines) + "\n"


def _row_values(
    token: ApiToken, e: ParsedEvent, teams: dict[str, int], now: datetime | None = None
) -> tuple[Any, ...]:
    """One row in COLUMNS order, times adapted for the database in use."""
    adapt = connection.ops.adapt_datetimefield_value
    return (
        token.organization_id,
        teams[e.team or ""],
        e.event_id,
        e.type,
        adapt(e.occurred_at),
        adapt(now or timezone.now()),
        e.pipeline,
        e.model,
        e.environment,
        e.run_id,
        e.actor_type,
        e.attributes_json,
        e.body_hash,
    )


def _rows(token: ApiToken, events: Iterable[ParsedEvent], teams: dict[str, int]) -> list[Event]:
    org_id = token.organization_id
    return [
        Event(
            organization_id=org_id,
            team_id=teams[e.team or ""],
            event_id=e.event_id,
            type=e.type,
            occurred_at=e.occurred_at,
            pipeline=e.pipeline,
            model_name=e.model,
            environment=e.environment,
            run_id=e.run_id,
            actor_type=e.actor_type,
            attributes=e.attributes,
            body_hash=e.body_hash,
        )
        for e in events
    ]
