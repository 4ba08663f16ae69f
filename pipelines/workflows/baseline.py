"""A naive baseline the first candidate must beat: mean demand by hour and working day."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.workflows import data

BASELINE_VERSION = "baseline:hourly-mean"


@dataclass(frozen=True)
class HourlyMeanBaseline:
    means: dict[tuple[int, str], float]
    overall: float

    def predict(self, features: pd.DataFrame) -> np.ndarray:
        keys = zip(features["hr"], features["workingday"].astype(str), strict=True)
        return np.array([self.means.get((int(h), w), self.overall) for h, w in keys])


def fit_baseline(frame: pd.DataFrame) -> HourlyMeanBaseline:
    grouped = frame.groupby(["hr", frame["workingday"].astype(str)])[data.TARGET].mean()
    means = {(int(h), str(w)): float(v) for (h, w), v in grouped.items()}
    return HourlyMeanBaseline(means, float(frame[data.TARGET].mean()))
