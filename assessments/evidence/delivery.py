"""Delivery metrics (docs/rubric.md#delivery-metrics): arithmetic on small rows, no database.

The selector (`assessments.evidence.metrics`) reads one row per production
deployment, per alert and per week from the database; this module turns them
into the team's figures over the window and per ISO week. A figure that cannot
be computed from the data (nothing to count) is None, never zero.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

HOUR = 3600.0
DAY = 86400.0


@dataclass(frozen=True)
class DeploymentRow:
    """One production deployment in the window and what it joins to."""

    at: datetime
    model: str
    status: str  # succeeded, failed, rolled_back, or "" when not sent
    rolled_back_later: bool  # a rollback event of this model left this version afterwards
    registered_at: datetime | None  # registration of the version it names
    training_started_at: datetime | None  # first training_run event of that version's run
    alert_id: str | None  # the alert that triggered that run, if any


@dataclass(frozen=True)
class AlertRow:
    alert_id: str
    kind: str
    opened_at: datetime
    resolved_at: datetime | None  # first resolved event of the alert, if it came


@dataclass(frozen=True)
class RunWeek:
    week: date  # Monday
    runs: int
    automated: int  # trigger known and not manual


@dataclass(frozen=True)
class CoverageRow:
    week: date | None  # None: over the whole window
    model: str
    monitored: bool  # had a monitoring_check in the same period


@dataclass(frozen=True)
class Inputs:
    start: datetime
    end: datetime
    reports_deployments: bool  # the team sent deployment events (any environment) in the window
    deployments: Sequence[DeploymentRow]
    alerts: Sequence[AlertRow]
    run_weeks: Sequence[RunWeek]
    coverage: Sequence[CoverageRow]


@dataclass(frozen=True)
class Figures:
    """The delivery metrics over one period; None where the data cannot tell."""

    #: Production deployments that reached production (status not failed).
    deployments: int | None
    #: Those deployments per 7 days of the period.
    deployment_frequency_per_week: float | None
    #: Median hours from the start of the training run behind a deployed version to the
    #: production deployment (deployments whose version traces to a run).
    lead_time_hours: float | None
    #: Share of production deployments that failed, were rolled back (status), or were
    #: left by a later rollback event of their model.
    change_failure_rate: float | None
    #: Median hours from an alert's opening to its resolution (alerts opened in the period
    #: and resolved by the end of the window).
    time_to_restore_hours: float | None
    #: Share of training runs whose trigger is known and not `manual`.
    automated_run_share: float | None
    #: Share of models deployed to production in the period that had a monitoring_check
    #: in the same period.
    monitoring_coverage: float | None
    #: Median age in days, at the end of the period, of the version each model deployed to
    #: production in the window (up to then) last received, from its registration.
    median_model_age_days: float | None
    #: Median hours from a drift alert's opening to the first production deployment of a
    #: version trained by a run that names the alert (drift alerts opened in the period).
    drift_to_production_hours: float | None


@dataclass(frozen=True)
class Week:
    week: str  # ISO week, "2026-W40"
    starts: date
    figures: Figures


@dataclass(frozen=True)
class DeliveryMetrics:
    window_days: int
    totals: Figures
    weekly: tuple[Week, ...]


def _median(values: Iterable[float]) -> float | None:
    data = list(values)
    return round(statistics.median(data), 3) if data else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class Period:
    """The window, or one ISO week of it: weeks run from Monday 00:00 (included), as the
    database's week truncation counts them, clipped to the window (start excluded)."""

    start: datetime
    end: datetime
    week: date | None = None  # None: the whole window

    def __contains__(self, at: datetime) -> bool:
        if self.week is None:
            return self.start < at <= self.end
        monday = datetime.combine(self.week, time.min, self.start.tzinfo)
        return monday <= at < monday + timedelta(days=7) and self.start < at <= self.end

    @property
    def days(self) -> float:
        """Its length: the window's, or that of the part of its week inside the window."""
        start, end = self.start, self.end
        if self.week is not None:
            monday = datetime.combine(self.week, time.min, self.start.tzinfo)
            start, end = max(start, monday), min(end, monday + timedelta(days=7))
        return (end - start).total_seconds() / DAY


def _reached_production(d: DeploymentRow) -> bool:
    return d.status != "failed"


def deployment_figures(
    rows: Sequence[DeploymentRow], inp: Inputs, days: float
) -> dict[str, int | float | None]:
    reached = [d for d in rows if _reached_production(d)]
    count = len(reached) if inp.reports_deployments else None
    failed = sum(1 for d in rows if d.status in ("failed", "rolled_back") or d.rolled_back_later)
    leads = (
        (d.at - d.training_started_at).total_seconds() / HOUR
        for d in reached
        if d.training_started_at is not None and d.training_started_at <= d.at
    )
    return {
        "deployments": count,
        # A window ending at Monday 00:00 touches that week for no time at all: no rate.
        "deployment_frequency_per_week": (
            None if count is None or days <= 0 else round(count * 7 / days, 3)
        ),
        "lead_time_hours": _median(leads),
        "change_failure_rate": _share(failed, len(rows)),
    }


def model_age_days(rows: Sequence[DeploymentRow], as_of: datetime) -> float | None:
    """Median age at `as_of` of the version each model last received up to then."""
    latest: dict[str, DeploymentRow] = {}
    for d in sorted(rows, key=lambda d: d.at):
        if d.at <= as_of and _reached_production(d):
            latest[d.model] = d
    ages = (
        (as_of - d.registered_at).total_seconds() / DAY
        for d in latest.values()
        if d.registered_at is not None
    )
    return _median(ages)


def restore_hours(alerts: Sequence[AlertRow], period: Period) -> float | None:
    return _median(
        (a.resolved_at - a.opened_at).total_seconds() / HOUR
        for a in alerts
        if a.opened_at in period and a.resolved_at and a.resolved_at >= a.opened_at
    )


def drift_hours(inp: Inputs, period: Period) -> float | None:
    firsts: dict[str, datetime] = {}
    for d in inp.deployments:
        if d.alert_id and _reached_production(d):
            seen = firsts.get(d.alert_id)
            firsts[d.alert_id] = d.at if seen is None else min(seen, d.at)
    return _median(
        (firsts[a.alert_id] - a.opened_at).total_seconds() / HOUR
        for a in inp.alerts
        if a.kind == "drift"
        and a.opened_at in period
        and a.alert_id in firsts
        and firsts[a.alert_id] >= a.opened_at
    )


def coverage_share(rows: Iterable[CoverageRow]) -> float | None:
    models: dict[str, bool] = {}
    for r in rows:
        models[r.model] = models.get(r.model, False) or r.monitored
    return _share(sum(models.values()), len(models))


def figures(inp: Inputs, period: Period) -> Figures:
    rows = [d for d in inp.deployments if d.at in period]
    runs = [r for r in inp.run_weeks if period.week is None or r.week == period.week]
    deployed = deployment_figures(rows, inp, period.days)
    return Figures(
        deployments=deployed["deployments"],  # type: ignore[arg-type]
        deployment_frequency_per_week=deployed["deployment_frequency_per_week"],
        lead_time_hours=deployed["lead_time_hours"],
        change_failure_rate=deployed["change_failure_rate"],
        time_to_restore_hours=restore_hours(inp.alerts, period),
        automated_run_share=_share(sum(r.automated for r in runs), sum(r.runs for r in runs)),
        monitoring_coverage=coverage_share(c for c in inp.coverage if c.week == period.week),
        median_model_age_days=model_age_days(inp.deployments, min(period.end, _week_end(period))),
        drift_to_production_hours=drift_hours(inp, period),
    )


def _week_end(period: Period) -> datetime:
    if period.week is None:
        return period.end
    return datetime.combine(period.week, time.min, period.start.tzinfo) + timedelta(days=7)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02}"


def weeks(start: datetime, end: datetime) -> list[date]:
    """The Mondays of every ISO week the window touches."""
    monday = start.date() - timedelta(days=start.weekday())
    out = []
    while monday <= end.date():
        out.append(monday)
        monday += timedelta(days=7)
    return out


def delivery_metrics(inp: Inputs, window_days: int) -> DeliveryMetrics:
    """The team's figures over the window and for each ISO week it touches."""
    series = []
    for monday in weeks(inp.start, inp.end):
        # The window's own bounds, not the week's clipped to them: a clipped start would
        # be excluded like the window's, and lose what happens at Monday 00:00.
        period = Period(inp.start, inp.end, monday)
        series.append(Week(iso_week(monday), monday, figures(inp, period)))
    return DeliveryMetrics(
        window_days=window_days,
        totals=figures(inp, Period(inp.start, inp.end)),
        weekly=tuple(series),
    )
