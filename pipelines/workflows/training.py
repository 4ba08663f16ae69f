"""Feature preparation and training of the demand regressor."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OrdinalEncoder

from pipelines.workflows import data

FEATURES = (*data.NUMERICAL, *data.CATEGORICAL)
DEFAULT_PARAMS: dict[str, Any] = {
    "max_iter": 150,
    "learning_rate": 0.1,
    "max_leaf_nodes": 31,
    "l2_regularization": 0.0,
    "random_state": 7,
}


@dataclass(frozen=True)
class Prepared:
    """Model inputs and target, rows with an unusable target removed."""

    features: pd.DataFrame
    target: pd.Series
    dropped: int


@dataclass(frozen=True)
class Trained:
    model: Pipeline
    params: dict[str, Any] = field(default_factory=dict)
    rows: int = 0
    duration_s: float = 0.0


def prepare_features(frame: pd.DataFrame) -> Prepared:
    """Missing categories stay missing (the imputer handles them); rows whose target
    is missing or out of range cannot teach anything and are dropped."""
    low, high = data.RANGES[data.TARGET]
    usable = frame[data.TARGET].between(low, high)
    kept = frame[usable]
    return Prepared(
        features=kept.loc[:, list(FEATURES)].reset_index(drop=True),
        target=kept[data.TARGET].astype(float).reset_index(drop=True),
        dropped=int((~usable).sum()),
    )


def build_model(params: dict[str, Any]) -> Pipeline:
    categorical = Pipeline(
        [
            ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
            ("encode", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)),
        ]
    )
    columns = ColumnTransformer(
        [
            ("numerical", SimpleImputer(strategy="median"), list(data.NUMERICAL)),
            ("categorical", categorical, list(data.CATEGORICAL)),
        ]
    )
    n_cat = len(data.CATEGORICAL)
    mask = np.array([False] * len(data.NUMERICAL) + [True] * n_cat)
    regressor = HistGradientBoostingRegressor(categorical_features=mask, **params)
    return Pipeline([("columns", columns), ("regressor", regressor)])


def train(frame: pd.DataFrame, *, params: dict[str, Any] | None = None) -> Trained:
    """Fit on every row given; seeded by `random_state`, so the same data and params
    give the same model."""
    chosen = {**DEFAULT_PARAMS, **(params or {})}
    prepared = prepare_features(frame)
    started = time.perf_counter()
    model = build_model(chosen).fit(prepared.features, prepared.target)
    return Trained(model, chosen, len(prepared.target), time.perf_counter() - started)
