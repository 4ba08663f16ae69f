"""The pure workflow steps, on small slices of the shipped data or synthetic frames."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from pipelines import source
from pipelines.drift import DriftConfig, column_drift, detect_drift
from pipelines.workflows import (
    baseline,
    checks,
    data,
    evaluation,
    monitoring,
    serving,
    training,
    validation,
)

FAST = {"max_iter": 15}


@pytest.fixture(scope="module")
def spring() -> pd.DataFrame:
    return data.ingest(source.bike_sharing(), until=date(2011, 3, 31)).frame


def test_ingestion_stops_at_the_simulated_day_and_versions_what_it_read():
    src = source.bike_sharing()
    first = data.ingest(src, until=date(2011, 1, 31))
    again = data.ingest(src, until=date(2011, 1, 31))
    later = data.ingest(src, until=date(2011, 2, 1))
    assert first.last_day == date(2011, 1, 31)
    assert first.data_version == again.data_version
    assert later.data_version != first.data_version
    assert later.rows > first.rows


def test_ingestion_before_the_data_starts_is_refused():
    with pytest.raises(ValueError, match="No data"):
        data.ingest(source.bike_sharing(), until=date(2010, 12, 31))


def test_the_shipped_data_is_valid_but_its_missing_values_are_reported(spring):
    result = validation.validate_data(spring)
    assert result.passed
    missing = {a.column for a in result.anomalies if a.kind == "missing"}
    assert missing == {"weekday", "weathersit"}


def test_a_schema_break_stops_the_run_and_names_the_columns(spring):
    broken = data.apply_fault(spring, fault=data.Fault.SCHEMA_BREAK, since=date(2011, 3, 25))
    result = validation.validate_data(broken)
    assert not result.passed
    found = {(a.column, a.detail) for a in result.anomalies}
    assert ("temp", "missing column") in found
    assert ("temperature", "unexpected column") in found
    assert any(c == "hum" and "expected number" in d for c, d in found)


def test_injected_drift_makes_the_new_window_drift_on_the_altered_columns(spring):
    drifted = data.apply_fault(spring, fault=data.Fault.DRIFT, since=date(2011, 3, 25))
    columns = {a.column for a in validation.validate_data(drifted).anomalies if a.kind == "drift"}
    assert {"temp", "atemp", "windspeed"} <= columns


def test_out_of_range_values_are_reported_and_their_rows_never_train(spring):
    bad = spring.copy()
    bad.loc[:4, "hum"] = 140.0
    bad.loc[:1, "cnt"] = -3
    anomalies = validation.range_anomalies(bad)
    assert {a.column for a in anomalies} == {"hum", "cnt"}
    assert training.prepare_features(bad).dropped == 2


def test_training_is_seeded_so_the_same_data_gives_the_same_predictions(spring):
    first = training.train(spring, params=FAST).model.predict(spring.head(50))
    second = training.train(spring, params=FAST).model.predict(spring.head(50))
    assert np.array_equal(first, second)


def test_a_trained_model_beats_the_naive_baseline_on_a_time_ordered_holdout(spring):
    train_part, holdout = data.split_by_days(spring, last_days=7)
    assert train_part["dteday"].max() < holdout["dteday"].min()
    model = training.train(train_part, params={"max_iter": 60}).model
    ours = evaluation.evaluate(model, holdout)
    naive = evaluation.evaluate(baseline.fit_baseline(train_part), holdout)
    assert ours.overall.mae < naive.overall.mae
    assert {"workingday=Yes", "workingday=No"} <= set(ours.slices)


@pytest.mark.parametrize(
    ("actual", "predicted", "mae", "rmse"),
    [([1, 2, 3], [1, 2, 3], 0.0, 0.0), ([0, 0], [3, -3], 3.0, 3.0), ([1, 2], [2, 4], 1.5, 1.5811)],
)
def test_metrics_are_the_textbook_ones(actual, predicted, mae, rmse):
    result = evaluation.metrics(actual, predicted)
    assert (result.mae, result.rmse) == (mae, rmse)


def _evaluation(mae: float, r2: float = 0.9, **slices: tuple[float, int]) -> evaluation.Evaluation:
    return evaluation.Evaluation(
        evaluation.Metrics(mae, mae, r2, 100),
        {k.replace("_", "="): evaluation.Metrics(m, m, r2, n) for k, (m, n) in slices.items()},
    )


@pytest.mark.parametrize(
    ("candidate", "champion", "passed", "reason"),
    [
        (_evaluation(10), None, True, "no champion yet"),
        (_evaluation(10, r2=0.2), None, False, "R2 below the minimum"),
        (_evaluation(10), _evaluation(10.5), True, "not worse"),
        (_evaluation(10.1), _evaluation(10), True, "not worse"),
        (_evaluation(11), _evaluation(10), False, "worse overall"),
        (_evaluation(10, s_a=(30, 50)), _evaluation(10, s_a=(20, 50)), False, "worse on slices"),
        (_evaluation(10, s_a=(30, 5)), _evaluation(10, s_a=(20, 5)), True, "not worse"),
    ],
)
def test_model_validation_compares_with_the_champion_overall_and_on_slices(
    candidate, champion, passed, reason
):
    result = evaluation.validate_candidate(candidate, champion, evaluation.Thresholds())
    assert (result.passed, result.reason) == (passed, reason)


def test_drift_uses_the_test_for_the_size_of_the_reference():
    def sample(seed: int, size: int, mean: float = 0.0) -> pd.Series:
        return pd.Series(np.random.default_rng(seed).normal(mean, 1, size), name="x")

    small, large, same, moved = sample(0, 500), sample(1, 5000), sample(3, 500), sample(4, 500, 1)
    assert column_drift("x", small, same, config=DriftConfig()).test == "ks"
    assert not column_drift("x", small, same, config=DriftConfig()).drifted
    assert column_drift("x", large, moved, config=DriftConfig()).test == "wasserstein"
    assert column_drift("x", large, moved, config=DriftConfig()).drifted


def test_the_data_set_drifts_when_half_its_columns_do():
    rng = np.random.default_rng(2)
    ref = pd.DataFrame({"a": rng.normal(0, 1, 300), "b": rng.normal(0, 1, 300), "c": ["x"] * 300})
    cur = ref.assign(a=ref["a"] + 3)
    assert not detect_drift(ref, cur, columns=("a", "b", "c"), categorical=("c",)).drifted
    cur = cur.assign(b=cur["b"] + 3)
    assert detect_drift(ref, cur, columns=("a", "b", "c"), categorical=("c",)).drifted


def test_drift_is_tested_on_the_features_that_both_frames_hold():
    reference = pd.DataFrame(columns=["weekday", "temp", "hr", "cnt"])
    current = pd.DataFrame(columns=["hr", "weekday", "cnt"])
    assert data.drift_columns(reference, current) == ["hr", "weekday"]


def test_a_performance_check_alerts_when_live_error_exceeds_the_validated_error():
    actual = pd.Series([100.0] * 24)
    ok, _ = monitoring.performance_check(
        actual, actual + 10, baseline_mae=10, thresholds=monitoring.MonitoringThresholds()
    )
    bad, live = monitoring.performance_check(
        actual, actual + 30, baseline_mae=10, thresholds=monitoring.MonitoringThresholds()
    )
    assert (ok.status, bad.status, live.mae) == ("ok", "alert", 30.0)


def test_undefined_statistics_are_stored_as_null_not_nan():
    check = monitoring.Check("performance", "ok", {"r2": float("nan"), "mae": 1.0})
    assert check.metrics == {"r2": None, "mae": 1.0}


@pytest.mark.parametrize(("payload", "fields"), serving.application_checks_inputs())
def test_prediction_input_is_checked_field_by_field(payload, fields):
    assert set(serving.parse_input(payload).errors) == fields


def test_the_canary_split_is_stable_per_caller_and_close_to_its_share():
    assert serving.choose_route("caller-1", 25) == serving.choose_route("caller-1", 25)
    share = sum(serving.choose_route(f"k{i}", 25) == "canary" for i in range(2000)) / 2000
    assert 0.2 < share < 0.3


def test_the_pipeline_check_suite_passes_on_the_shipped_components():
    result = checks.run_suite("pipeline", checks.PIPELINE_CHECKS)
    assert result.passed, result.results
    assert result.total == len(checks.PIPELINE_CHECKS)


def test_the_pipeline_check_suite_fails_when_a_component_breaks(monkeypatch):
    monkeypatch.setattr(validation, "schema_anomalies", lambda frame: [])
    result = checks.run_suite("pipeline", checks.PIPELINE_CHECKS)
    assert not result.passed
    assert [r.name for r in result.results if not r.passed] == [
        "schema_check_finds_a_renamed_column"
    ]


def test_model_checks_catch_a_model_that_returns_nonsense(spring):
    class Broken:
        def predict(self, features):
            return np.full(len(features) + 1, np.nan)

    result = checks.run_suite("model", checks.model_checks(Broken(), spring.head(24)))
    assert result.failed >= 1
