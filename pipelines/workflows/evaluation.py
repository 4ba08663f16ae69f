"""Evaluation on a time-ordered holdout, and validation of a candidate against the champion."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from pipelines.workflows.training import prepare_features

SLICES = ("season", "workingday")


class Regressor(Protocol):
    def predict(self, features: pd.DataFrame) -> Any: ...


@dataclass(frozen=True)
class Metrics:
    mae: float
    rmse: float
    r2: float
    rows: int

    def as_dict(self) -> dict[str, float]:
        return {"mae": self.mae, "rmse": self.rmse, "r2": self.r2, "rows": self.rows}


@dataclass(frozen=True)
class Evaluation:
    overall: Metrics
    slices: dict[str, Metrics] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "slices": {k: m.as_dict() for k, m in self.slices.items()},
        }


def metrics(actual: Any, predicted: Any) -> Metrics:
    actual, predicted = np.asarray(actual, dtype=float), np.asarray(predicted, dtype=float)
    if len(actual) == 0:
        return Metrics(math.nan, math.nan, math.nan, 0)
    r2 = float(r2_score(actual, predicted)) if len(actual) > 1 else math.nan
    return Metrics(
        mae=round(float(mean_absolute_error(actual, predicted)), 4),
        rmse=round(float(math.sqrt(mean_squared_error(actual, predicted))), 4),
        r2=round(r2, 4),
        rows=len(actual),
    )


def evaluate(model: Regressor, holdout: pd.DataFrame) -> Evaluation:
    """Overall metrics and one entry per slice value, e.g. `season=summer`."""
    prepared = prepare_features(holdout)
    predicted = pd.Series(np.asarray(model.predict(prepared.features), dtype=float))
    result = {}
    for column in SLICES:
        keys = prepared.features[column].fillna("missing").astype(str)
        for value in sorted(keys.unique()):
            chosen = (keys == value).to_numpy()
            result[f"{column}={value}"] = metrics(prepared.target[chosen], predicted[chosen])
    return Evaluation(metrics(prepared.target, predicted), result)


@dataclass(frozen=True)
class Thresholds:
    """How much worse than the champion a candidate may be (ratios of MAE)."""

    overall_tolerance: float = 0.02
    slice_tolerance: float = 0.15
    min_slice_rows: int = 24
    min_r2: float = 0.5


@dataclass(frozen=True)
class ModelValidation:
    passed: bool
    metric: str
    candidate_value: float
    baseline_value: float | None
    failed_slices: tuple[str, ...]
    slices: dict[str, dict[str, float | None]]
    reason: str


def validate_candidate(
    candidate: Evaluation, champion: Evaluation | None, thresholds: Thresholds
) -> ModelValidation:
    """Passes when the candidate is good enough on its own and, with a champion, not
    worse overall nor on any slice with enough rows (both scored on the same holdout)."""
    mae = candidate.overall.mae
    if not candidate.overall.r2 >= thresholds.min_r2:
        return ModelValidation(False, "mae", mae, None, (), {}, "R2 below the minimum")
    if champion is None:
        return ModelValidation(True, "mae", mae, None, (), {}, "no champion yet")
    slices = _slice_table(candidate, champion)
    failed = tuple(
        name
        for name, m in candidate.slices.items()
        if name in champion.slices
        and m.rows >= thresholds.min_slice_rows
        and m.mae > champion.slices[name].mae * (1 + thresholds.slice_tolerance)
    )
    worse = mae > champion.overall.mae * (1 + thresholds.overall_tolerance)
    reason = "worse overall" if worse else ("worse on slices" if failed else "not worse")
    passed = not worse and not failed
    return ModelValidation(passed, "mae", mae, champion.overall.mae, failed, slices, reason)


def _slice_table(candidate: Evaluation, champion: Evaluation) -> dict[str, dict[str, float | None]]:
    return {
        name: {
            "candidate_mae": m.mae,
            "baseline_mae": champion.slices[name].mae if name in champion.slices else None,
        }
        for name, m in candidate.slices.items()
    }
