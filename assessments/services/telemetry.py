"""Storing telemetry: a batch is checked whole, then written in one bulk insert.

A fixed number of queries per batch whatever its size, so 1000 events cost
about as many round trips as one. New events are the usual case, so they are
inserted straight away; only when the database reports an id it already holds
are the stored ids read, to tell resends from conflicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction

from assessments.errors import DomainError
from assessments.models import ApiToken, Event, Team
from assessments.telemetry import FieldError, ParsedEvent, classify, parse_payload, team_errors
from mlops_site import clock


class EventsRejected(DomainError):
    """Some events of a batch break the contract; nothing of the batch was stored."""

    def __init__(self, errors: Sequence[FieldError], *, size: int) -> None:
        invalid = len({e.index for e in errors})
        if size:
            message = f"{invalid} of {size} events were refused; nothing was stored."
        else:
            message = "The request body is not an event or a batch; nothing was stored."
        super().__init__(message)
        self.errors = tuple(errors)
        #: 409 when the only problem is ids reused with another body, else 400.
        self.status_code = 409 if all(e.code == "conflict" for e in errors) else 400


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int


def telemetry_ingest(*, token: ApiToken, payload: object) -> IngestResult:
    """Store the events of `payload` (one event or {"events": [...]}) sent with `token`.

    All or nothing: any refused event raises EventsRejected with per-field
    errors. Resends of stored events count as duplicates and change nothing.
    """
    token_team = token.team.slug if token.team is not None else None
    batch = parse_payload(payload, token_team=token_team)
    if batch.errors:
        raise EventsRejected(batch.errors, size=batch.size)
    teams = _team_ids(token, {e.team or "" for e in batch.events})
    errors = team_errors(batch.events, known=teams, token_team=token_team)
    if errors:
        raise EventsRejected(errors, size=batch.size)
    try:
        return _store(token, batch.events, teams, batch.size, read_stored=False)
    except IntegrityError:
        pass
    # Some ids are stored already (a resend, or another request just stored them): the
    # insert was undone with its transaction. Read the stored ids this time and store only
    # the new events; if yet another request stores one in between, read once more.
    try:
        return _store(token, batch.events, teams, batch.size, read_stored=True)
    except IntegrityError:
        return _store(token, batch.events, teams, batch.size, read_stored=True)


def _team_ids(token: ApiToken, slugs: set[str]) -> dict[str, int]:
    if token.team is not None and slugs == {token.team.slug}:
        return {token.team.slug: token.team.pk}
    found = Team.objects.filter(organization_id=token.organization_id, slug__in=slugs)
    return dict(found.values_list("slug", "id"))


#: Up to this many events go in one INSERT that skips known ids; larger batches are
#: copied in bulk. Either way a fixed number of round trips.
SMALL_BATCH = 50


@transaction.atomic
def _store(
    token: ApiToken,
    events: tuple[ParsedEvent, ...],
    teams: dict[str, int],
    size: int,
    *,
    read_stored: bool,
) -> IngestResult:
    """Insert the batch's new events. Unless `read_stored`, every id is taken to be new
    (the usual case: reading the stored ids first cost more than the copy itself) and a
    stored one makes the insert fail with IntegrityError."""
    if len(events) <= SMALL_BATCH:
        return _store_small(token, events, teams, size)
    result = classify(events, stored=_stored_hashes(events, teams) if read_stored else {})
    if result.conflicts:
        raise EventsRejected(result.conflicts, size=size)
    _insert(token, result.new, teams)
    return IngestResult(accepted=len(result.new), duplicates=result.duplicates)


def _store_small(
    token: ApiToken, events: tuple[ParsedEvent, ...], teams: dict[str, int], size: int
) -> IngestResult:
    """Insert first and ask later: a new event (the usual case) costs one statement; ids
    the insert skipped are looked up to tell resends from conflicts."""
    in_batch = classify(events, stored={})
    if in_batch.conflicts:
        raise EventsRejected(in_batch.conflicts, size=size)
    rows = [_row_values(token, e, teams) for e in _in_index_order(in_batch.new, teams)]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"] * len(rows))
    # Only constants and placeholders are formatted in; the values travel as parameters.
    statement = (
        f"INSERT INTO {Event._meta.db_table} ({', '.join(_COLUMNS)}) VALUES {placeholders} "  # noqa: S608
        "ON CONFLICT (team_id, event_id) DO NOTHING RETURNING team_id, event_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [value for row in rows for value in row])
        inserted = {(team_id, event_id) for team_id, event_id in cursor.fetchall()}
    skipped = tuple(e for e in in_batch.new if (teams[e.team or ""], e.event_id) not in inserted)
    if skipped:
        known = classify(skipped, stored=_stored_hashes(skipped, teams))
        if known.conflicts:
            raise EventsRejected(known.conflicts, size=size)
    return IngestResult(accepted=len(inserted), duplicates=in_batch.duplicates + len(skipped))


def _stored_hashes(
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


_COLUMNS = (
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


def _in_index_order(
    events: tuple[ParsedEvent, ...], teams: dict[str, int]
) -> tuple[ParsedEvent, ...]:
    """The events sorted by (team, event_id). Two requests inserting some of the same ids
    then wait on one another in the same order; in the order sent, each could hold an
    id the other waits for, and PostgreSQL would end one of them as a deadlock."""
    return tuple(sorted(events, key=lambda e: (teams[e.team or ""], e.event_id)))


def _insert(token: ApiToken, events: tuple[ParsedEvent, ...], teams: dict[str, int]) -> None:
    """PostgreSQL gets COPY, several times faster than a multi-row INSERT for big
    batches; other databases get bulk_create."""
    if not events:
        return
    events = _in_index_order(events, teams)
    if connection.vendor != "postgresql":
        Event.objects.bulk_create(_rows(token, events, teams), batch_size=500)
        return
    now = clock.now()
    statement = f"COPY {Event._meta.db_table} ({', '.join(_COLUMNS)}) FROM STDIN"
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
    """The rows in _COLUMNS order as COPY text: one tab-separated line per event.

    Built as one string (psycopg's per-row writer cost more than the rest of the
    insert); a line is escaped only when one of its values needs it, which is rare.
    """
    organization, received = str(token.organization_id), now.isoformat()
    team_ids = {slug: str(team_id) for slug, team_id in teams.items()}
    separators = len(_COLUMNS) - 1
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
    """One row in _COLUMNS order, times adapted for the database in use."""
    adapt = connection.ops.adapt_datetimefield_value
    return (
        token.organization_id,
        teams[e.team or ""],
        e.event_id,
        e.type,
        adapt(e.occurred_at),
        adapt(now or clock.now()),
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
