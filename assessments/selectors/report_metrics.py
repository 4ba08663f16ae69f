"""Delivery metrics (docs/rubric.md#delivery-metrics) as weekly series for the report's charts.

The figures come from `assessments.evidence.metrics.team_metrics`; this only turns
its weeks into one series per metric. A week where a metric cannot be measured
stays None (a gap in the chart), never a zero.
"""

from __future__ import annotations

from datetime import datetime

from assessments.evidence.delivery import DeliveryMetrics
from assessments.evidence.metrics import team_metrics
from assessments.reports.charts import MetricSeries
from tenancy.models import Team

#: Figures field, chart title, unit; in the order the report shows them.
SERIES: tuple[tuple[str, str, str], ...] = (
    ("deployments", "Model deployments to production", "per week"),
    ("lead_time_hours", "Lead time, training start to production", "hours (median)"),
    ("change_failure_rate", "Change failure rate", "share of deployments"),
    ("time_to_restore_hours", "Time to restore, alert to resolved", "hours (median)"),
    ("automated_run_share", "Training runs triggered automatically", "share of runs"),
    ("monitoring_coverage", "Monitoring coverage", "share of deployed models"),
    ("median_model_age_days", "Age of production models", "days (median)"),
    ("drift_to_production_hours", "Drift alert to retrained model in production", "hours (median)"),
)


def metric_series(metrics: DeliveryMetrics) -> tuple[MetricSeries, ...]:
    """One series per metric that has a value in at least one week (pure)."""
    out = []
    for field, name, unit in SERIES:
        points = tuple(
            (w.starts, None if (v := getattr(w.figures, field)) is None else float(v))
            for w in metrics.weekly
        )
        if any(v is not None for _, v in points):
            out.append(MetricSeries(field, name, unit, points))
    if all(s.key == "deployments" and not any(v for _, v in s.points) for s in out):
        return ()  # nothing but weeks without deployments: no telemetry to show
    return tuple(out)


def delivery_metric_series(
    team: Team, *, window_days: int, now: datetime | None = None
) -> tuple[MetricSeries, ...]:
    return metric_series(team_metrics(team, window_days=window_days, now=now))
