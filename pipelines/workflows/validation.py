"""Data validation: schema, missing values, ranges, and drift of the new window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd
from pandas.api import types as ptypes

from pipelines.drift import detect_drift
from pipelines.workflows import data


@dataclass(frozen=True)
class Anomaly:
    column: str
    kind: str  # schema, missing, range, drift (docs/telemetry.md#data_validation)
    detail: str


@dataclass(frozen=True)
class DataValidation:
    """`passed` is False only for anomalies that make training meaningless (schema)."""

    passed: bool
    checks: int
    anomalies: tuple[Anomaly, ...]
    drift_share: float

    def as_dict(self) -> dict[str, object]:
        return {
            "passed": self.passed,
            "checks": self.checks,
            "drift_share": round(self.drift_share, 4),
            "anomalies": [a.__dict__ for a in self.anomalies],
        }


_KIND_CHECKS = {
    "number": ptypes.is_numeric_dtype,
    "category": lambda s: ptypes.is_string_dtype(s) or ptypes.is_object_dtype(s),
    "date": lambda s: True,
}


def schema_anomalies(frame: pd.DataFrame) -> list[Anomaly]:
    found = [Anomaly(c, "schema", "missing column") for c in data.SCHEMA if c not in frame.columns]
    found += [
        Anomaly(c, "schema", f"expected {kind}, got {frame[c].dtype}")
        for c, kind in data.SCHEMA.items()
        if c in frame.columns and not _KIND_CHECKS[kind](frame[c])
    ]
    found += [
        Anomaly(c, "schema", "unexpected column") for c in frame.columns if c not in data.SCHEMA
    ]
    return found


def missing_anomalies(frame: pd.DataFrame) -> list[Anomaly]:
    counts = frame.isna().sum()
    return [
        Anomaly(str(c), "missing", f"{int(n)} of {len(frame)} values missing")
        for c, n in counts.items()
        if n
    ]


def range_anomalies(frame: pd.DataFrame) -> list[Anomaly]:
    found = []
    for column, (low, high) in data.RANGES.items():
        if column not in frame or not ptypes.is_numeric_dtype(frame[column]):
            continue
        outside = int(((frame[column] < low) | (frame[column] > high)).sum())
        if outside:
            found.append(Anomaly(column, "range", f"{outside} values outside [{low}, {high}]"))
    return found


def drift_anomalies(frame: pd.DataFrame, *, window_days: int) -> tuple[list[Anomaly], float]:
    """The last `window_days` days against everything before them."""
    newest = frame[data.DATE_COLUMN].max()
    reference = frame[frame[data.DATE_COLUMN] <= newest - timedelta(days=window_days)]
    current = frame[frame[data.DATE_COLUMN] > newest - timedelta(days=window_days)]
    if reference.empty or current.empty:
        return [], 0.0
    report = detect_drift(
        reference,
        current,
        columns=data.drift_columns(reference, current),
        categorical=data.CATEGORICAL,
    )
    found = [
        Anomaly(c.column, "drift", f"{c.test}={c.score:.3g} (threshold {c.threshold})")
        for c in report.columns
        if c.drifted
    ]
    return found, report.share


def validate_data(frame: pd.DataFrame, *, window_days: int = 7) -> DataValidation:
    """Schema anomalies stop the run; missing values, ranges and drift are reported."""
    schema = schema_anomalies(frame)
    checks = len(data.SCHEMA) * 2
    if schema:
        return DataValidation(False, checks, tuple(schema), 0.0)
    drift, share = drift_anomalies(frame, window_days=window_days)
    anomalies = (*missing_anomalies(frame), *range_anomalies(frame), *drift)
    checks += len(data.RANGES) + len(data.NUMERICAL) + len(data.CATEGORICAL)
    return DataValidation(True, checks, anomalies, share)
