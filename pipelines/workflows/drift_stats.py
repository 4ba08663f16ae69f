"""Per-column drift of a current window against a reference, with Evidently's default rule.

Numerical columns: Kolmogorov-Smirnov (drift when p < 0.05) for references of
at most 1000 rows, else the Wasserstein distance normed by the reference's
standard deviation (drift when > 0.1). Categorical columns: chi-squared
(p < 0.05) for small references, else the Jensen-Shannon distance (> 0.1).
The data set drifts when at least half of its columns drift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

SMALL_REFERENCE = 1000
P_VALUE = 0.05
DISTANCE = 0.1
DATASET_SHARE = 0.5


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
    ref, cur = reference.dropna(), current.dropna()
    name = str(reference.name)
    if ref.empty or cur.empty:
        return ColumnDrift(name, "none", 0.0, 0.0, False)
    small = len(ref) <= SMALL_REFERENCE
    if categorical:
        return _categorical(name, ref.astype(str), cur.astype(str), small=small)
    return _numerical(name, ref.astype(float), cur.astype(float), small=small)


def _numerical(name: str, ref: pd.Series, cur: pd.Series, *, small: bool) -> ColumnDrift:
    if small:
        p = float(stats.ks_2samp(ref, cur).pvalue)
        return ColumnDrift(name, "ks", p, P_VALUE, p < P_VALUE)
    spread = float(np.std(ref)) or 1e-9
    score = float(stats.wasserstein_distance(ref, cur)) / spread
    return ColumnDrift(name, "wasserstein", score, DISTANCE, score > DISTANCE)


def _categorical(name: str, ref: pd.Series, cur: pd.Series, *, small: bool) -> ColumnDrift:
    keys = sorted(set(ref) | set(cur))
    ref_counts = ref.value_counts().reindex(keys, fill_value=0).to_numpy(dtype=float)
    cur_counts = cur.value_counts().reindex(keys, fill_value=0).to_numpy(dtype=float)
    if small:
        expected = (ref_counts + 1e-6) / (ref_counts.sum() + 1e-6 * len(keys)) * cur_counts.sum()
        p = float(stats.chisquare(cur_counts, expected).pvalue)
        return ColumnDrift(name, "chisquare", p, P_VALUE, p < P_VALUE)
    score = float(
        distance.jensenshannon(ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum())
    )
    return ColumnDrift(name, "jensenshannon", score, DISTANCE, score > DISTANCE)


def drift_report(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    numerical: tuple[str, ...],
    categorical: tuple[str, ...],
) -> DriftReport:
    columns = tuple(
        column_drift(reference[c], current[c], categorical=c in categorical)
        for c in (*numerical, *categorical)
        if c in reference and c in current
    )
    share = sum(c.drifted for c in columns) / len(columns) if columns else 0.0
    return DriftReport(columns, share, bool(columns) and share >= DATASET_SHARE)
