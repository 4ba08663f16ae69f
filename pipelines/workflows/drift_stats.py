"""Drift of a current window against a reference, as the pipelines report it.

A thin view over `pipelines.drift` (tests chosen per column as Evidently's
DataDriftPreset chooses them; the data set drifts when at least half of its
columns do), reduced to what steps, checks and telemetry record.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.drift import DriftConfig, detect_drift
from pipelines.drift import column_drift as _column_drift


@dataclass(frozen=True)
class ColumnDrift:
    column: str
    method: str
    score: float
    threshold: float
    drifted: bool


@dataclass(frozen=True)
class DriftReport:
    columns: tuple[ColumnDrift, ...]
    share: float
    dataset_drift: bool

    @property
    def drifted_columns(self) -> tuple[str, ...]:
        return tuple(c.column for c in self.columns if c.drifted)


def column_drift(reference: pd.Series, current: pd.Series, *, categorical: bool) -> ColumnDrift:
    name = str(reference.name)
    result = _column_drift(name, reference, current, config=DriftConfig(), categorical=categorical)
    return ColumnDrift(name, str(result.test), result.score, result.threshold, result.drifted)


def drift_report(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    numerical: tuple[str, ...],
    categorical: tuple[str, ...],
) -> DriftReport:
    names = [c for c in (*numerical, *categorical) if c in reference and c in current]
    if not names:
        return DriftReport((), 0.0, False)
    result = detect_drift(reference, current, columns=names, categorical=categorical)
    columns = tuple(
        ColumnDrift(c.column, str(c.test), c.score, c.threshold, c.drifted) for c in result.columns
    )
    return DriftReport(columns, result.share, result.drifted)
