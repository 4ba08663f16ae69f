"""Monitoring of a served model: data drift, prediction drift, and error once actuals arrive."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pipelines.drift import DatasetDrift, DriftConfig, column_drift, detect_drift
from pipelines.workflows import data
from pipelines.workflows.evaluation import Metrics, metrics


@dataclass(frozen=True)
class MonitoringThresholds:
    drift_share: float = 0.5
    #: Alert when live MAE exceeds the MAE measured at validation by this ratio.
    error_ratio: float = 1.5


@dataclass(frozen=True)
class Check:
    kind: str  # data_drift, prediction_drift, performance (docs/telemetry.md#monitoring_check)
    status: str  # ok, warning, alert
    metrics: dict[str, float | str | None]

    def __post_init__(self) -> None:
        # JSON has no NaN: an undefined statistic (R2 of one row, say) is null.
        clean = {
            k: None if isinstance(v, float) and not math.isfinite(v) else v
            for k, v in self.metrics.items()
        }
        object.__setattr__(self, "metrics", clean)


def data_drift_check(
    reference: pd.DataFrame, served: pd.DataFrame, thresholds: MonitoringThresholds
) -> tuple[Check, DatasetDrift]:
    report = detect_drift(
        reference,
        served,
        columns=data.drift_columns(reference, served),
        categorical=data.CATEGORICAL,
    )
    status = (
        "alert"
        if report.share >= thresholds.drift_share
        else ("warning" if report.drifted_columns else "ok")
    )
    values: dict[str, float | str | None] = {"share": round(report.share, 4)}
    values.update({c.column: round(c.score, 4) for c in report.columns})
    return Check("data_drift", status, values), report


def prediction_drift_check(reference: pd.Series, served: pd.Series) -> Check:
    drift = column_drift("prediction", reference, served, config=DriftConfig())
    status = "warning" if drift.drifted else "ok"
    return Check(
        "prediction_drift", status, {"method": str(drift.test), "score": round(drift.score, 4)}
    )


def performance_check(
    actual: pd.Series,
    predicted: pd.Series,
    *,
    baseline_mae: float,
    thresholds: MonitoringThresholds,
) -> tuple[Check, Metrics]:
    live = metrics(actual, predicted)
    ratio = live.mae / baseline_mae if baseline_mae else 0.0
    status = "alert" if ratio > thresholds.error_ratio else "ok"
    values: dict[str, float | str | None] = {**live.as_dict(), "baseline_mae": baseline_mae}
    values["ratio"] = round(ratio, 4)
    return Check("performance", status, values), live
