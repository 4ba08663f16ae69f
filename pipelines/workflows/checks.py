"""The pipeline's own component tests, run as its CI stage (level 2).

Each check exercises one component on small synthetic data with a known answer
and fails for real when the component is broken. `model_checks` test a
candidate inside the prediction path (the scope `model` of a ci_run);
`application_checks` test the input validation of the prediction service.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from pipelines.workflows import data, evaluation, training, validation

Check = Callable[[], None]


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class SuiteResult:
    scope: str
    results: tuple[CheckResult, ...]
    duration_s: float

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def failed(self) -> int:
        return sum(not r.passed for r in self.results)

    @property
    def passed(self) -> bool:
        return self.failed == 0


def synthetic_frame(
    days: int = 21, *, seed: int = 3, start: date = date(2011, 6, 1)
) -> pd.DataFrame:
    """Hourly rows in the shipped schema, demand a known function of hour and temperature."""
    rng = np.random.default_rng(seed)
    hours = np.tile(np.arange(24), days)
    day = np.repeat([start + timedelta(days=i) for i in range(days)], 24)
    temp = rng.uniform(5, 30, len(hours))
    demand = 20 + 15 * np.sin(hours / 24 * np.pi) ** 2 * 10 + 3 * temp
    return pd.DataFrame(
        {
            "dteday": day,
            "season": "summer",
            "hr": hours,
            "holiday": "No",
            "weekday": [d.strftime("%a") for d in day],
            "workingday": ["No" if d.weekday() >= 5 else "Yes" for d in day],
            "weathersit": rng.choice(["Clear", "Mist"], len(hours)),
            "temp": temp,
            "atemp": temp + 1,
            "hum": rng.uniform(30, 90, len(hours)),
            "windspeed": rng.uniform(0, 20, len(hours)),
            "casual": (demand * 0.2).round().astype(int),
            "registered": (demand * 0.8).round().astype(int),
            "cnt": demand.round().astype(int),
        }
    )


def _schema_check_finds_a_renamed_column() -> None:
    broken = synthetic_frame(3).rename(columns={"temp": "temperature"})
    assert not validation.validate_data(broken).passed, "a renamed column passed validation"


def _validation_passes_clean_data() -> None:
    result = validation.validate_data(synthetic_frame(3))
    assert result.passed, f"clean data failed: {result.anomalies}"


def _features_keep_the_model_inputs() -> None:
    prepared = training.prepare_features(synthetic_frame(2))
    assert tuple(prepared.features.columns) == training.FEATURES
    assert len(prepared.target) == 48


def _training_converges_on_learnable_data() -> None:
    frame = synthetic_frame(21)
    train_part, holdout = data.split_by_days(frame, last_days=3)
    trained = training.train(train_part, params={"max_iter": 40})
    score = evaluation.evaluate(trained.model, holdout).overall
    assert score.r2 > 0.8, f"R2 {score.r2} on learnable data"


def _evaluation_metrics_are_exact() -> None:
    result = evaluation.metrics([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    assert (result.mae, result.rmse) == (round(2 / 3, 4), round((4 / 3) ** 0.5, 4))


def _model_validation_rejects_a_worse_candidate() -> None:
    good = evaluation.Evaluation(evaluation.Metrics(10, 12, 0.9, 100))
    bad = evaluation.Evaluation(evaluation.Metrics(20, 25, 0.8, 100))
    assert not evaluation.validate_candidate(bad, good, evaluation.Thresholds()).passed


PIPELINE_CHECKS: tuple[Check, ...] = (
    _schema_check_finds_a_renamed_column,
    _validation_passes_clean_data,
    _features_keep_the_model_inputs,
    _training_converges_on_learnable_data,
    _evaluation_metrics_are_exact,
    _model_validation_rejects_a_worse_candidate,
)


def run_suite(scope: str, checks: tuple[Check, ...]) -> SuiteResult:
    started = time.perf_counter()
    results = []
    for check in checks:
        name = check.__name__.strip("_")
        try:
            check()
        except Exception as exc:  # a failing check is a result, not a crash
            results.append(CheckResult(name, False, f"{type(exc).__name__}: {exc}"))
        else:
            results.append(CheckResult(name, True, ""))
    return SuiteResult(scope, tuple(results), time.perf_counter() - started)


def model_checks(model: Any, sample: pd.DataFrame) -> tuple[Check, ...]:
    """A candidate served on real recent rows: right shape, finite, non-negative on average,
    and indifferent to column order (the service receives JSON objects)."""
    features = training.prepare_features(sample).features

    def predicts_one_finite_value_per_row() -> None:
        out = np.asarray(model.predict(features), dtype=float)
        assert out.shape == (len(features),)
        assert np.isfinite(out).all()

    def predicts_plausible_demand() -> None:
        assert float(np.mean(model.predict(features))) >= 0

    def ignores_column_order() -> None:
        shuffled = features[list(reversed(features.columns))]
        assert np.allclose(model.predict(features), model.predict(shuffled))

    return (predicts_one_finite_value_per_row, predicts_plausible_demand, ignores_column_order)
