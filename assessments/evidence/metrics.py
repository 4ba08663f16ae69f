"""A team's delivery metrics (docs/rubric.md#delivery-metrics): the database reads, then `delivery`.

The database does the joins and groupings (one row per production deployment,
per opened alert, per week of runs, per model and week of coverage); the pure
module `assessments.evidence.delivery` does the arithmetic on those rows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import TruncWeek

from assessments.evidence import team_window
from assessments.evidence.base import Window, analytical_queries, flag, has_text, outer_attribute
from assessments.evidence.delivery import (
    AlertRow,
    CoverageRow,
    DeliveryMetrics,
    DeploymentRow,
    Inputs,
    RunWeek,
    delivery_metrics,
)
from tenancy.models import Team


def team_metrics(team: Team, *, window_days: int, now: datetime | None = None) -> DeliveryMetrics:
    """The team's delivery metrics over the `window_days` days ending at `now`."""
    w = team_window(team, window_days=window_days, now=now)
    with analytical_queries():
        inputs = Inputs(
            start=w.start,
            end=w.end,
            reports_deployments=w.events("deployment").exists(),
            deployments=deployment_rows(w),
            alerts=alert_rows(w),
            run_weeks=run_weeks(w),
            coverage=coverage_rows(w),
        )
    return delivery_metrics(inputs, window_days)


def _from_run(w: Window, field: str) -> Subquery:
    """`field` of the first training_run event of the run that produced the outer
    deployment's version (through its registration's training_run_id)."""
    runs = (
        w.history("training_run")
        .filter(run_id=outer_attribute("training_run_id"))
        .exclude(run_id="")
        .order_by("occurred_at")
    )
    first = Subquery(runs.values(field)[:1])
    return Subquery(w.registration_of().annotate(x=first).values("x")[:1])


def deployment_rows(w: Window) -> list[DeploymentRow]:
    rollbacks = (
        w.history("rollback")
        .annotate(fv=KT("attributes__from_version"))
        .filter(
            model_name=OuterRef("model_name"),
            fv=outer_attribute("version"),
            occurred_at__gte=OuterRef("occurred_at"),
        )
    )
    registered = w.registration_of().order_by("occurred_at").values("occurred_at")[:1]
    rows = w.deployments().annotate(
        status=KT("attributes__status"),
        rolled_back_later=Exists(rollbacks),
        registered_at=Subquery(registered),
        training_started_at=_from_run(w, "occurred_at"),
        alert_id=_from_run(w, "attributes__alert_id"),
    )
    fields = ("occurred_at", "model_name", "status", "rolled_back_later", "registered_at")
    return [
        DeploymentRow(at, model, status or "", bool(rolled), reg, started, _text(alert))
        for at, model, status, rolled, reg, started, alert in rows.values_list(
            *fields, "training_started_at", "alert_id"
        )
    ]


def _text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def alert_rows(w: Window) -> list[AlertRow]:
    resolved = (
        w.history("alert")
        .annotate(aid=KT("attributes__alert_id"))
        .filter(
            attributes__status="resolved",
            aid=outer_attribute("alert_id"),
            occurred_at__gte=OuterRef("occurred_at"),
        )
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    opened = (
        w.events("alert")
        .filter(has_text("alert_id"), attributes__status="open")
        .annotate(
            aid=KT("attributes__alert_id"),
            kind=KT("attributes__kind"),
            resolved_at=Subquery(resolved),
        )
    )
    return [
        AlertRow(str(aid), kind or "", at, resolved_at)
        for aid, kind, at, resolved_at in opened.values_list(
            "aid", "kind", "occurred_at", "resolved_at"
        )
    ]


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def run_weeks(w: Window) -> list[RunWeek]:
    automated = Q(attributes__has_key="trigger") & ~Q(attributes__trigger="manual")
    weeks = (
        w.runs()
        .annotate(week=TruncWeek("occurred_at"))
        .values("week")
        .annotate(n=Count("pk"), auto=Count("pk", filter=automated))
        .order_by("week")
    )
    return [RunWeek(_day(r["week"]), r["n"], r["auto"]) for r in weeks]


def coverage_rows(w: Window) -> list[CoverageRow]:
    """Each model deployed to production, over the window and per week, and whether it
    had a monitoring_check in the same period."""
    checks = w.events("monitoring_check").filter(model_name=OuterRef("model_name"))
    deployed = w.deployments().exclude(model_name="")
    window = deployed.values("model_name").annotate(m=Max(flag(Exists(checks))))
    in_week = checks.filter(
        occurred_at__gte=OuterRef("week"), occurred_at__lt=OuterRef("week") + timedelta(days=7)
    )
    weekly = (
        deployed.annotate(week=TruncWeek("occurred_at"))
        .values("week", "model_name")
        .annotate(m=Max(flag(Exists(in_week))))
    )
    rows = [CoverageRow(None, r["model_name"], bool(r["m"])) for r in window.order_by()]
    rows += [CoverageRow(_day(r["week"]), r["model_name"], bool(r["m"])) for r in weekly.order_by()]
    return rows
