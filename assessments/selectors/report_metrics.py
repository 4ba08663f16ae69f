"""Weekly delivery-metric series for the report (RUBRIC.md section 5), in one query.

Deployment frequency, change failure rate and the share of automatically
triggered training runs, per week of the window; weeks without the events a
rate needs have no value (a gap in the chart), never a zero.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from assessments.models import Event, EventType, Team
from assessments.reports.charts import MetricSeries

AUTOMATIC_TRIGGERS = ("schedule", "new_data", "drift", "performance", "code_change", "api")
FAILED_DEPLOYMENT = ("failed", "rolled_back")


def _weeks(start: datetime, end: datetime) -> list[date]:
    monday = (start - timedelta(days=start.weekday())).date()
    out = []
    while monday <= end.date():
        out.append(monday)
        monday += timedelta(days=7)
    return out


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def delivery_metric_series(
    team: Team, *, window_days: int, now: datetime | None = None
) -> tuple[MetricSeries, ...]:
    end = now or timezone.now()
    start = end - timedelta(days=window_days)
    production = Q(type=EventType.DEPLOYMENT, environment="production")
    runs = Q(type=EventType.TRAINING_RUN)
    rows = (
        Event.objects.filter(team=team, occurred_at__gte=start, occurred_at__lte=end)
        .filter(type__in=(EventType.DEPLOYMENT, EventType.ROLLBACK, EventType.TRAINING_RUN))
        .annotate(week=TruncWeek("occurred_at"))
        .values("week")
        .annotate(
            deployments=Count("id", filter=production),
            failed=Count("id", filter=production & Q(attributes__status__in=FAILED_DEPLOYMENT)),
            rollbacks=Count("id", filter=Q(type=EventType.ROLLBACK, environment="production")),
            runs=Count("id", filter=runs),
            automatic=Count("id", filter=runs & Q(attributes__trigger__in=AUTOMATIC_TRIGGERS)),
        )
        .order_by("week")
    )
    by_week = {
        (r["week"].date() if isinstance(r["week"], datetime) else r["week"]): r for r in rows
    }
    weeks = _weeks(start, end)
    empty = {"deployments": 0, "failed": 0, "rollbacks": 0, "runs": 0, "automatic": 0}
    data = [(w, by_week.get(w, empty)) for w in weeks]
    if not any(r["deployments"] or r["runs"] or r["rollbacks"] for _, r in data):
        return ()
    return (
        MetricSeries(
            "deployment_frequency",
            "Model deployments to production",
            "per week",
            tuple((w, float(r["deployments"])) for w, r in data),
        ),
        MetricSeries(
            "change_failure_rate",
            "Change failure rate",
            "share of deployments",
            tuple(
                (w, _ratio(min(r["failed"] + r["rollbacks"], r["deployments"]), r["deployments"]))
                for w, r in data
            ),
        ),
        MetricSeries(
            "automatic_runs",
            "Training runs triggered automatically",
            "share of runs",
            tuple((w, _ratio(r["automatic"], r["runs"])) for w, r in data),
        ),
    )
