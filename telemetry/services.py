"""Ingesting telemetry: a batch is checked whole, then written in a fixed number of statements.

A fixed number of queries per batch whatever its size, so 1000 events cost
about as many round trips as one. New events are the usual case, so they are
inserted straight away; only the ids the database reports as already stored are
read, to tell resends from conflicts. How rows reach the table (COPY,
INSERT ... ON CONFLICT, the id probe) is `telemetry.store`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from mlops_site.errors import DomainError
from telemetry import store
from telemetry.contract import FieldError, ParsedEvent, classify, parse_payload, team_errors
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
    return _store(token, batch.events, teams, batch.size)


def _team_ids(token: ApiToken, slugs: set[str]) -> dict[str, int]:
    if token.team is not None and slugs == {token.team.slug}:
        return {token.team.slug: token.team.pk}
    found = Team.objects.filter(organization_id=token.organization_id, slug__in=slugs)
    return dict(found.values_list("slug", "id"))


#: Larger batches are first tried with COPY, which is faster in bulk; up to this many
#: events go in one INSERT that skips stored ids. Either way a fixed number of round trips.
SMALL_BATCH = 50


def _store(
    token: ApiToken, events: tuple[ParsedEvent, ...], teams: dict[str, int], size: int
) -> IngestResult:
    """Insert the batch's new events; count resends, refuse ids reused with another body."""
    in_batch = classify(events, stored={})
    if in_batch.conflicts:
        raise EventsRejected(in_batch.conflicts, size=size)
    # The copy is a transaction of its own, undone whole when it meets a stored id.
    if len(in_batch.new) > SMALL_BATCH and store.copy_new(token, in_batch.new, teams):
        return IngestResult(accepted=len(in_batch.new), duplicates=in_batch.duplicates)
    accepted = _insert_new(token, in_batch.new, teams, size)
    return IngestResult(accepted=accepted, duplicates=size - accepted)


@transaction.atomic
def _insert_new(
    token: ApiToken, events: tuple[ParsedEvent, ...], teams: dict[str, int], size: int
) -> int:
    """Insert the events whose ids are not stored; how many were inserted.

    Correct under any interleaving with other requests: an id the insert skips is
    stored and committed by the time the insert returns, so reading its hash finds it.
    """
    accepted, pending = 0, events
    while pending:
        inserted = store.insert_skipping_stored(token, pending, teams)
        accepted += len(inserted)
        skipped = tuple(e for e in pending if (teams[e.team or ""], e.event_id) not in inserted)
        if not skipped:
            break
        known = classify(skipped, stored=store.stored_hashes(skipped, teams))
        if known.conflicts:
            raise EventsRejected(known.conflicts, size=size)
        # An id skipped but no longer found was deleted in between (its team, say):
        # it is stored again on the next round.
        pending = known.new
    return accepted
