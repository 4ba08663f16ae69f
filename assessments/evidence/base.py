"""The window rules look at, and the query helpers they share."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeAlias

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.fields.json import KT, KeyTextTransform
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import GreaterThan

from assessments.evidence.outcome import EVENT_CAP, Tally
from telemetry.models import Event

#: A rule's parameters, `rubric.evidence[<capability id>]`.
Params = Mapping[str, Any]
Condition: TypeAlias = Q | Combinable

#: A deployment with no environment is a production deployment (docs/telemetry.md#the-envelope).
PRODUCTION = Q(environment__in=("production", ""))


@contextmanager
def analytical_queries() -> Iterator[None]:
    """One transaction for the evidence or metrics queries of a team, without JIT on PostgreSQL.

    Their correlated subqueries make the planner's cost estimates large, which turns on
    JIT compilation; compiling takes seconds where the queries themselves take
    milliseconds. `SET LOCAL` keeps the change to this transaction.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


@dataclass(frozen=True)
class Window:
    """One team's events between `start` (excluded) and `end` (included)."""

    team_id: int
    start: datetime
    end: datetime

    def events(self, type_: str) -> QuerySet[Event]:
        return Event.objects.filter(
            team_id=self.team_id, type=type_, occurred_at__gt=self.start, occurred_at__lte=self.end
        ).order_by()

    def history(self, type_: str) -> QuerySet[Event]:
        """Events of the team up to the end of the window, however old: joins reach back
        (a model deployed in the window may have been registered before it)."""
        return Event.objects.filter(
            team_id=self.team_id, type=type_, occurred_at__lte=self.end
        ).order_by()

    def runs(self) -> QuerySet[Event]:
        return self.events("training_run")

    def pipeline_runs(self) -> QuerySet[Event]:
        return self.events("pipeline_run")

    def deployments(self) -> QuerySet[Event]:
        """Production deployments, with the version they name as `v`."""
        return self.events("deployment").filter(PRODUCTION).annotate(v=KT("attributes__version"))

    def registration_of(self) -> QuerySet[Event]:
        """The registrations of the model version the outer (deployment) query names."""
        return (
            self.history("model_registered")
            .annotate(rv=KT("attributes__version"))
            .filter(model_name=OuterRef("model_name"), rv=outer_attribute("version"))
        )

    def is_registered(self) -> Exists:
        return Exists(self.registration_of())


def outer_attribute(key: str) -> KeyTextTransform:
    """An attribute of the outer query's event, as text (a column path, not an alias: Django
    cannot resolve an outer alias from inside an aggregate)."""
    return KeyTextTransform(key, OuterRef("attributes"))


def model_version() -> Concat:
    """A deployment's model and version as one value, to count versions."""
    return Concat(
        "model_name",
        Value("\n"),
        Cast(KT("attributes__version"), CharField()),
        output_field=CharField(),
    )


def has_text(key: str) -> Q:
    """The attribute is a non-empty value (missing, null and "" are not).

    One comparison on the text of the value, which the PostgreSQL planner estimates
    sensibly (several JSON tests in a row make it expect almost no rows, and pick
    nested loops that read everything)."""
    return Q(GreaterThan(KT(f"attributes__{key}"), Value("")))


def carries(key: str) -> Q:
    """The attribute is present and neither null nor an empty string, list or object."""
    lookup = f"attributes__{key}"
    return (
        Q(**{"attributes__has_key": key})
        & ~Q(**{lookup: None})
        & ~Q(**{lookup: ""})
        & ~Q(**{lookup: {}})
        & ~Q(**{lookup: []})
    )


def flag(condition: Condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def tally(
    qs: QuerySet[Event],
    good: Condition,
    met: Callable[[int, int], bool],
) -> Tally:
    """Count the events and those meeting `good`, and pick the event ids to show.

    `met(total, good)` decides the outcome; the ids shown first are those that
    support it: events meeting the condition when met, those missing it when
    not (they are what contradicts a claim), then the others up to the cap.
    """
    condition = good if isinstance(good, Q) else Q(good)
    counts = qs.aggregate(total=Count("pk"), good=Count("pk", filter=condition))
    total, good_count = counts["total"], counts["good"]
    if total == 0:
        return Tally(0, 0)
    first, then = (condition, ~condition) if met(total, good_count) else (~condition, condition)
    ids = _latest_ids(qs.filter(first), EVENT_CAP)
    if len(ids) < EVENT_CAP:
        ids += _latest_ids(qs.filter(then), EVENT_CAP - len(ids))
    return Tally(total, good_count, tuple(ids))


def _latest_ids(qs: QuerySet[Event], limit: int) -> list[str]:
    return list(qs.order_by("-occurred_at", "-pk").values_list("event_id", flat=True)[:limit])


def count_met(min_count: int) -> Callable[[int, int], bool]:
    return lambda total, good: good >= min_count
