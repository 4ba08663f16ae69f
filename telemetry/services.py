"""Ingesting telemetry: a batch is checked whole, then written in one bulk insert.

A fixed number of queries per batch whatever its size, so 1000 events cost
about as many round trips as one. New events are the usual case, so they are
inserted straight away; only when the database reports an id it already holds
are the stored ids read, to tell resends from conflicts. How rows reach the
table (COPY, INSERT ... ON CONFLICT, bulk_create, the id probes) is `telemetry.store`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from mlops_site.errors import DomainError
from telemetry.contract import FieldError, ParsedEvent, classify, parse_payload, team_errors
from telemetry.store import insert as _insert
from telemetry.store import insert_skipping_stored
from telemetry.store import stored_hashes as _stored_hashes
from tenancy.models import ApiToken, Team


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
    inserted = insert_skipping_stored(token, in_batch.new, teams)
    skipped = tuple(e for e in in_batch.new if (teams[e.team or ""], e.event_id) not in inserted)
    if skipped:
        known = classify(skipped, stored=_stored_hashes(skipped, teams))
        if known.conflicts:
            raise EventsRejected(known.conflicts, size=size)
    return IngestResult(accepted=len(inserted), duplicates=in_batch.duplicates + len(skipped))
