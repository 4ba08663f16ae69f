"""The sets of events rules count over, each read in one pass of the database.

Every rule of a set (training runs, pipeline runs, production deployments, CI
runs) adds a condition; one aggregate query per set counts them all in one
scan of the set. Rules then pick the few event ids they show, newest first, from
the set's newest events read once with all their flags (`CountedSet.recent`),
which the (team, type, occurred_at) index answers without reading the whole set.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from functools import cached_property
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.fields.json import KT, KeyTextTransform
from django.db.models.functions import Coalesce, NullIf

from assessments.evidence.base import (
    PRODUCTION,
    Condition,
    Params,
    Window,
    carries,
    flag,
    has_text,
    model_version,
)
from assessments.evidence.base import outer_attribute as outer
from assessments.evidence.jsonsql import HasStep, StepBefore
from assessments.evidence.outcome import EVENT_CAP
from telemetry.models import Event

#: How many of a set's newest events are read, with every flag, to pick the ids the rules
#: show. Most flags hold for some of them, so one short read of the (team, type,
#: occurred_at) index serves every rule of the set; a flag not seen often enough there is
#: looked up in the whole set.
PROBE = 100


class CountedSet:
    """A set of events with flag columns, counted in one query on first use."""

    def __init__(
        self,
        qs: QuerySet[Event],
        flags: Mapping[str, Condition],
        extra: Mapping[str, Count] | None = None,
        shown: Mapping[str, Condition] | None = None,
    ) -> None:
        """`flags` are counted; `shown` flags only pick the ids to show."""
        self.base = qs
        every = {**flags, **(shown or {})}
        self.names = tuple(every)
        self.qs = qs.annotate(**{name: flag(cond) for name, cond in every.items()})
        self.flags = dict(flags)
        self.extra = dict(extra or {})

    @cached_property
    def counts(self) -> dict[str, int]:
        # The conditions are written into the aggregate rather than read from the flag
        # columns: a subquery-wrapped count would let PostgreSQL weigh every flag's
        # subqueries into the scan and pick a sequential scan of the whole table.
        counts = {
            f"n_{name}": Count("pk", filter=cond if isinstance(cond, Q) else Q(cond))
            for name, cond in self.flags.items()
        }
        row = self.base.aggregate(total=Count("pk"), **counts, **self.extra)
        return {k.removeprefix("n_"): int(v or 0) for k, v in row.items()}

    @cached_property
    def recent(self) -> list[tuple[str, dict[str, int]]]:
        """The newest PROBE events of the set with their flags, newest first.

        Asking the database for "the newest events with this flag" one flag at a time
        made PostgreSQL, which cannot tell how many events have a flag, read and test
        the whole set for each rule; this reads the newest events once, in index order.
        """
        # The newest events are chosen first, then flagged: told it flags the whole set,
        # PostgreSQL would hash every pipeline run ever sent to flag a hundred.
        newest = _ordered(self.base).values("pk")[:PROBE]
        rows = _ordered(self.qs.filter(pk__in=newest)).values_list("event_id", *self.names)
        return [(row[0], dict(zip(self.names, row[1:], strict=True))) for row in rows]

    def ids(self, name: str, *, first: bool, within: str | None = None) -> tuple[str, ...]:
        """Ids of events whose flag `name` is `first` (newest first), then of the others;
        with `within`, only among the events with that flag."""
        ids = self._newest(name, int(first), within, EVENT_CAP)
        if len(ids) < EVENT_CAP:
            ids += self._newest(name, int(not first), within, EVENT_CAP - len(ids))
        return tuple(ids)

    def _newest(self, name: str, value: int, within: str | None, limit: int) -> list[str]:
        found = [
            event_id
            for event_id, flags in self.recent
            if flags[name] == value and (within is None or flags[within] == 1)
        ][:limit]
        if len(found) == limit or len(self.recent) < PROBE:
            return found  # the newest of the whole set are among those read
        qs = self.qs.filter(**{name: value, **({within: 1} if within else {})})
        return list(_ordered(qs).values_list("event_id", flat=True)[:limit])


def _ordered(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.order_by("-occurred_at", "-pk")


class Sets:
    """The counted sets of one window, built with the rules' parameters."""

    def __init__(self, window: Window, parameters: Mapping[str, Params]) -> None:
        self.window = window
        self.p = parameters

    def param(self, capability: str, key: str, default: Any) -> Any:
        return self.p.get(capability, {}).get(key, default)

    @cached_property
    def runs(self) -> CountedSet:
        w = self.window
        min_steps = int(self.param("automated_training", "min_steps", 3))
        pipelines = w.history("pipeline_run").filter(
            HasStep("training"),
            run_id=OuterRef("run_id"),
            **{f"attributes__steps__{min_steps - 1}__isnull": False},
        )
        triggers = tuple(self.param("continuous_training", "triggers", ()))
        return CountedSet(
            w.runs(),
            {
                "code": has_text("code_version"),
                "tracked": carries("params") & carries("metrics"),
                "orchestrated": ~Q(run_id="") & Q(Exists(pipelines)),
                "continuous": Q(attributes__trigger__in=triggers),
            },
        )

    @cached_property
    def pipeline_runs(self) -> CountedSet:
        automatic = Q(attributes__has_key="trigger") & ~Q(attributes__trigger="manual")
        trains = Q(HasStep("training"))
        flags: dict[str, Condition] = {
            "ingests": automatic & Q(HasStep("data_ingestion")),
            "trains": trains,
            "validates_first": trains & Q(StepBefore("data_validation", "training")),
        }
        if "min_share" in self.p.get("data_pipeline_automation", {}):
            # 2026.2: data gathered by a pipeline step, however the run was started.
            flags["ingested"] = Q(HasStep("data_ingestion", status="succeeded"))
        return CountedSet(self.window.pipeline_runs(), flags)

    @cached_property
    def deployments(self) -> CountedSet:
        w = self.window
        named = ~Q(model_name="")
        monitored = named & Q(Exists(self._recent_checks()))
        return CountedSet(
            w.deployments(),
            {
                "registered": Q(Exists(w.registration_of())),
                "traced": self._traced_run(),
                "tested": self._tested_before(),
                "automated": Q(actor_type__in=self._tuple("automated_deployment", "actor_types")),
                "progressive": self._progressive(),
                **self._release_share_flags(),
            },
            {
                "models": Count("model_name", distinct=True, filter=named),
                "models_monitored": Count("model_name", distinct=True, filter=monitored),
            },
            shown={
                "monitored": monitored,
                "validated": Q(Exists(self._validations())),
                "named": named,
            },
        )

    @cached_property
    def deployed_versions(self) -> dict[str, int]:
        """Registered versions deployed in the window, and those validated against a
        baseline, each counted once (a filter, so the planner may join instead of probe)."""
        deployed = self.window.deployments().filter(Exists(self.window.registration_of()))
        return deployed.aggregate(
            versions=Count(model_version(), distinct=True),
            validated=Count(model_version(), distinct=True, filter=Q(Exists(self._validations()))),
        )

    def _tuple(self, capability: str, key: str) -> tuple[str, ...]:
        return tuple(self.param(capability, key, ()))

    def _progressive(self) -> Q:
        return Q(attributes__strategy__in=self._tuple("progressive_delivery", "strategies"))

    def _release_share_flags(self) -> dict[str, Condition]:
        """Flags only 2026.2's rules count (absent from 2026.1's parameters, so its queries
        stay as they were)."""
        flags: dict[str, Condition] = {}
        if self.param("automated_deployment", "stated_actors_only", False):
            flags["states_actor"] = ~Q(actor_type="")
        if "min_share" in self.p.get("progressive_delivery", {}):
            later = Q(Exists(self._earlier_other_version()))
            flags["later_version"] = later
            flags["later_progressive"] = later & self._progressive()
        return flags

    def _earlier_other_version(self) -> QuerySet[Event]:
        """Production deployments of the outer deployment's model, before it, of another
        version: the outer one is not the model's first version."""
        return (
            self.window.history("deployment")
            .filter(PRODUCTION, model_name=OuterRef("model_name"))
            .filter(occurred_at__lt=OuterRef("occurred_at"))
            .annotate(ev=KT("attributes__version"))
            .exclude(ev=outer("version"))
        )

    def _validations(self) -> QuerySet[Event]:
        """model_validation events comparing the outer deployment's version with a baseline
        (with 2026.2's parameters: passed ones, made before the deployment)."""
        found = (
            self.window.history("model_validation")
            .annotate(cv=KT("attributes__candidate_version"))
            .filter(has_text("baseline_version"), model_name=OuterRef("model_name"))
            .filter(cv=outer("version"))
        )
        statuses = self._tuple("model_validation", "statuses")
        if statuses:
            found = found.filter(attributes__status__in=statuses)
        if self.param("model_validation", "before_deployment", False):
            found = found.filter(occurred_at__lt=OuterRef("occurred_at"))
        return found

    def _traced_run(self) -> Exists:
        """The run behind the outer deployment's version (through its latest registration's
        training_run_id) carries data_version and code_version.

        Written as a run lookup keyed by a registration subquery, not as registrations
        joined to runs: PostgreSQL then probes two indexes per deployment instead of
        planning a join of every registration with every run."""
        registrations = (
            self.window.history("model_registered")
            .annotate(rv=KT("attributes__version"))
            .filter(
                model_name=OuterRef(OuterRef("model_name")),
                rv=KeyTextTransform("version", OuterRef(OuterRef("attributes"))),
            )
            .order_by("-occurred_at")
            .values_list(KT("attributes__training_run_id"))[:1]
        )
        run_id: Any = Subquery(registrations)
        if self.param("lineage", "run_id_fallback", False):
            # 2026.2: a deployment of an unregistered version traces through its own run_id.
            run_id = Coalesce(
                NullIf(run_id, Value("")),
                NullIf(OuterRef("run_id"), Value("")),
                output_field=CharField(),
            )
        runs = self.window.history("training_run").filter(
            has_text("data_version") & has_text("code_version"), run_id=run_id
        )
        return Exists(runs)

    def _tested_before(self) -> Q:
        """A passed model-scope ci_run in the lookback days before the outer deployment, of
        its model or naming no model (two probes, each one index range)."""
        days = int(self.param("release_testing", "lookback_days", 7))
        ci = self.window.history("ci_run").filter(
            attributes__scope="model",
            attributes__status="passed",
            occurred_at__lte=OuterRef("occurred_at"),
            occurred_at__gte=OuterRef("occurred_at") - timedelta(days=days),
        )
        return Q(Exists(ci.filter(model_name=OuterRef("model_name")))) | Q(
            Exists(ci.filter(model_name=""))
        )

    def _recent_checks(self) -> QuerySet[Event]:
        days = int(self.param("production_monitoring", "recent_days", 7))
        w = self.window
        checks = w.events("monitoring_check").filter(
            model_name=OuterRef("model_name"), occurred_at__gt=w.end - timedelta(days=days)
        )
        kinds = self._tuple("production_monitoring", "check_kinds")
        return checks.filter(attributes__kind__in=kinds) if kinds else checks
