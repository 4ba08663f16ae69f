"""Column typing, Evidently's test-selection rule, verdicts, configuration and edge cases."""

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from pipelines.drift import (
    ColumnKind,
    DriftConfig,
    DriftConfigError,
    DriftInputError,
    StatTest,
    detect_drift,
    drift_anomalies,
    drift_metrics,
    infer_kind,
    select_test,
)
from pipelines.synthetic import DriftAmount, make_frames

NUM, CAT = ColumnKind.NUMERICAL, ColumnKind.CATEGORICAL


@pytest.mark.parametrize(
    ("kind", "n", "unique", "expected"),
    [
        (NUM, 1000, 6, StatTest.KS),
        (NUM, 1000, None, StatTest.KS),
        (NUM, 1001, 6, StatTest.WASSERSTEIN),
        (NUM, 1000, 5, StatTest.CHI_SQUARE),
        (NUM, 1000, 3, StatTest.CHI_SQUARE),
        (NUM, 1000, 2, StatTest.Z),
        (NUM, 1001, 5, StatTest.JENSEN_SHANNON),
        (CAT, 10, 3, StatTest.CHI_SQUARE),
        (CAT, 1000, 2, StatTest.Z),
        (CAT, 1000, 1, StatTest.Z),
        (CAT, 1001, 2, StatTest.JENSEN_SHANNON),
        (CAT, 50_000, 40, StatTest.JENSEN_SHANNON),
    ],
)
def test_select_test_follows_evidently_default_rule(kind, n, unique, expected):
    config = DriftConfig()
    assert (
        select_test("x", kind, reference_count=n, unique_values=unique, config=config) == expected
    )


def test_select_test_prefers_column_then_kind_overrides():
    config = DriftConfig(numerical_test=StatTest.PSI, column_tests={"age": StatTest.KS})
    assert select_test("age", NUM, reference_count=5000, unique_values=None, config=config) == "ks"
    assert select_test("x", NUM, reference_count=10, unique_values=None, config=config) == "psi"
    assert select_test("c", CAT, reference_count=10, unique_values=3, config=config) == "chisquare"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (pd.Series([0.5, 1.5, 2.5]), NUM),
        (pd.Series(np.arange(11)), NUM),
        (pd.Series(np.arange(10)), CAT),
        (pd.Series([1, 2, None], dtype="Int64"), CAT),
        (pd.Series([True, False]), CAT),
        (pd.Series(["a", "b"]), CAT),
        (pd.Series(["a", "b"], dtype="category"), CAT),
    ],
)
def test_infer_kind_follows_evidently_column_types(values, expected):
    assert infer_kind(values, DriftConfig()) == expected


def _frames(n_ref, n_cur, seed=0, **columns):
    rng = np.random.default_rng(seed)
    ref = pd.DataFrame({k: f(rng, n_ref, False) for k, f in columns.items()})
    cur = pd.DataFrame({k: f(rng, n_cur, True) for k, f in columns.items()})
    return ref, cur


def _normal(shift):
    return lambda rng, n, is_cur: rng.normal(shift if is_cur else 0.0, 1.0, n)


def _labels(p_cur, labels=("a", "b", "c")):
    p_ref = np.full(len(labels), 1 / len(labels))
    return lambda rng, n, is_cur: rng.choice(
        np.array(labels, dtype=object), n, p=p_cur if is_cur else p_ref
    )


def test_small_numerical_column_gets_scipy_ks_result_and_verdict():
    ref, cur = _frames(400, 300, x=_normal(0.4))
    result = detect_drift(ref, cur).column("x")
    expected = sps.ks_2samp(ref["x"], cur["x"])
    assert result.test is StatTest.KS
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-6)
    assert result.score == result.p_value
    assert result.threshold == 0.05
    assert result.drifted == bool(expected.pvalue <= 0.05)
    assert result.drifted


def test_large_numerical_column_gets_normed_wasserstein():
    ref, cur = _frames(5000, 4000, x=_normal(0.3))
    result = detect_drift(ref, cur).column("x")
    expected = sps.wasserstein_distance(ref["x"], cur["x"]) / np.std(ref["x"])
    assert (result.test, result.p_value, result.threshold) == (StatTest.WASSERSTEIN, None, 0.1)
    assert result.statistic == pytest.approx(expected, rel=1e-9)
    assert result.drifted


def test_large_categorical_column_gets_jensen_shannon_over_label_shares():
    ref, cur = _frames(3000, 2000, c=_labels([0.6, 0.3, 0.1]))
    result = detect_drift(ref, cur).column("c")
    p = ref["c"].value_counts(normalize=True).sort_index()
    q = cur["c"].value_counts(normalize=True).sort_index()
    from scipy.spatial.distance import jensenshannon

    assert result.test is StatTest.JENSEN_SHANNON
    assert result.statistic == pytest.approx(jensenshannon(p, q, base=2), rel=1e-9)
    assert result.drifted


def test_small_categorical_column_gets_chi_square_against_reference_shares():
    ref, cur = _frames(600, 500, c=_labels([0.4, 0.35, 0.25]))
    result = detect_drift(ref, cur).column("c")
    obs = cur["c"].value_counts().sort_index()
    exp = ref["c"].value_counts().sort_index() * len(cur) / len(ref)
    expected = sps.chisquare(obs, exp)
    assert result.test is StatTest.CHI_SQUARE
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-8)
    assert result.unique_values == 3


def test_few_valued_numerical_column_is_tested_like_a_category():
    ref = pd.DataFrame({"x": np.tile([0.0, 1.5, 3.0], 300)})
    cur = pd.DataFrame({"x": np.tile([0.0, 1.5, 3.0, 3.0], 200)})
    result = detect_drift(ref, cur).column("x")
    assert (result.kind, result.test, result.unique_values) == (NUM, StatTest.CHI_SQUARE, 3)
    assert result.drifted


def test_binary_column_uses_the_z_test():
    ref = pd.DataFrame({"flag": [True] * 300 + [False] * 300})
    cur = pd.DataFrame({"flag": [True] * 400 + [False] * 200})
    result = detect_drift(ref, cur).column("flag")
    assert result.test is StatTest.Z
    assert result.drifted


@pytest.mark.parametrize("seed", range(5))
def test_detects_exactly_the_drifted_columns_of_large_synthetic_frames(seed):
    drifted = ["num_1", "num_4", "num_8", "cat_2"]
    frames = make_frames(rows=5000, numeric=10, categorical=4, drifted=drifted, seed=seed)
    result = detect_drift(frames.reference, frames.current)
    assert result.drifted_columns == frames.drifted_columns
    assert result.share == pytest.approx(4 / 14)
    assert not result.drifted


@pytest.mark.parametrize("seed", range(5))
def test_finds_every_drifted_column_of_small_synthetic_frames(seed):
    frames = make_frames(
        rows=800, numeric=10, categorical=4, drifted=["num_0", "num_5", "cat_1"], seed=seed
    )
    result = detect_drift(frames.reference, frames.current)
    assert set(frames.drifted_columns) <= set(result.drifted_columns)
    # Tests at 5% raise the odd false alarm, the chi-square against reference
    # shares more often (see pipelines.drift.detect), but never most columns.
    false_alarms = set(result.drifted_columns) - set(frames.drifted_columns)
    assert len(false_alarms) <= 5


def test_scale_change_alone_is_detected():
    amount = DriftAmount(mean_shift=0.0, scale=1.6, reweight=0.0)
    frames = make_frames(rows=4000, numeric=3, categorical=0, drifted=["num_2"], amount=amount)
    assert detect_drift(frames.reference, frames.current).drifted_columns == ("num_2",)


@pytest.mark.parametrize(("drifted", "expected"), [(1, False), (2, True), (4, True)])
def test_dataset_drifts_when_at_least_half_the_columns_drift(drifted, expected):
    names = [f"num_{i}" for i in range(drifted)]
    frames = make_frames(rows=3000, numeric=4, categorical=0, drifted=names, seed=1)
    result = detect_drift(frames.reference, frames.current)
    assert result.share == drifted / 4
    assert result.drifted is expected


def test_missing_values_are_dropped_per_column_and_counted():
    ref = pd.DataFrame({"x": [1.0, np.nan, 3.0, np.inf] * 300, "c": ["a", None, "b", "b"] * 300})
    cur = pd.DataFrame({"x": [1.0, 2.0, 3.0, -np.inf] * 300, "c": ["a", "b", pd.NA, "a"] * 300})
    result = detect_drift(ref, cur)
    x, c = result.column("x"), result.column("c")
    assert (x.reference_count, x.reference_missing, x.current_count, x.current_missing) == (
        600,
        600,
        900,
        300,
    )
    assert (c.reference_count, c.reference_missing, c.current_missing) == (900, 300, 300)


def test_column_without_values_on_one_side_is_reported_not_drifted():
    ref = pd.DataFrame({"x": np.arange(50.0), "y": np.arange(50.0)})
    cur = pd.DataFrame({"x": [np.nan] * 40, "y": np.arange(40.0)})
    result = detect_drift(ref, cur).column("x")
    assert result.note == "no values in current"
    assert not result.drifted
    assert np.isnan(result.statistic)
    assert result.current_missing == 40


def test_empty_frames_give_no_drift():
    ref = pd.DataFrame({"x": pd.Series([], dtype=float), "c": pd.Series([], dtype=object)})
    result = detect_drift(ref, ref.copy())
    assert [r.note for r in result.columns] == ["no values in reference"] * 2
    assert (result.share, result.drifted, result.reference_rows) == (0.0, False, 0)
    assert detect_drift(pd.DataFrame(), pd.DataFrame()).columns == ()


@pytest.mark.parametrize("rows", [200, 5000])
def test_identical_constant_columns_do_not_drift(rows):
    ref = pd.DataFrame({"x": np.full(rows, 2.5), "c": ["k"] * rows})
    result = detect_drift(ref, ref.copy())
    assert result.drifted_columns == ()
    assert [r.unique_values for r in result.columns] == [1, 1]


@pytest.mark.parametrize("rows", [200, 5000])
def test_a_constant_that_changes_value_drifts(rows):
    ref = pd.DataFrame({"x": np.full(rows, 2.5), "c": ["k"] * rows})
    cur = pd.DataFrame({"x": np.full(rows, 3.5), "c": ["j"] * rows})
    assert detect_drift(ref, cur).drifted_columns == ("x", "c")


def test_unseen_categories_are_listed_and_make_chi_square_certain():
    ref = pd.DataFrame({"c": ["a", "b", "c"] * 100})
    cur = pd.DataFrame({"c": ["a", "b", "c"] * 99 + ["new", "new", "other"]})
    result = detect_drift(ref, cur).column("c")
    assert result.unseen_categories == ("new", "other")
    assert (result.statistic, result.p_value, result.drifted) == (np.inf, 0.0, True)


def test_categorical_dtype_and_mixed_labels_are_counted_like_strings():
    ref = pd.DataFrame({"c": pd.Categorical(["a", "b"] * 100, categories=["a", "b", "unused"])})
    cur = pd.DataFrame({"c": pd.Series(["a", "b"] * 90 + [1] * 20, dtype=object)})
    result = detect_drift(ref, cur).column("c")
    assert result.unique_values == 3
    assert result.unseen_categories == ("1",)


def test_config_from_toml_overrides_thresholds_and_tests():
    config = DriftConfig.from_toml(
        """
        [drift]
        drift_share = 0.25
        small_sample_max = 100
        [drift.thresholds]
        wasserstein = 0.5
        [drift.column_tests]
        y = "psi"
        """,
        table="drift",
    )
    assert config.threshold(StatTest.WASSERSTEIN) == 0.5
    assert config.threshold(StatTest.KS) == 0.05
    frames = make_frames(rows=500, numeric=2, categorical=0, drifted=["num_0"])
    ref = frames.reference.rename(columns={"num_1": "y"})
    cur = frames.current.rename(columns={"num_1": "y"})
    result = detect_drift(ref, cur, config=config)
    assert [(r.test, r.threshold) for r in result.columns] == [
        (StatTest.WASSERSTEIN, 0.5),
        (StatTest.PSI, 0.1),
    ]
    assert result.drifted_columns == ("num_0",)
    assert result.drifted


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"thresholds": {"ks": 1.5}}, "threshold for ks"),
        ({"thresholds": {"nope": 0.1}}, "invalid drift settings"),
        ({"drift_share": 0}, "drift_share"),
        ({"categorical_test": "wasserstein"}, "cannot test categorical"),
        ({"colour": "blue"}, "unknown drift settings: colour"),
        ({"column_tests": {"x": "t-test"}}, "invalid drift settings"),
        ({"thresholds": 0.1}, "invalid drift settings"),
    ],
)
def test_invalid_configuration_is_rejected_with_a_clear_message(data, message):
    with pytest.raises(DriftConfigError, match=message):
        DriftConfig.from_mapping(data)


def test_invalid_toml_is_a_config_error():
    with pytest.raises(DriftConfigError, match="invalid TOML"):
        DriftConfig.from_toml("drift_share = ")


def test_config_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DriftConfig().drift_share = 0.9  # type: ignore[misc]


def test_numerical_test_on_a_categorical_column_is_refused():
    ref = pd.DataFrame({"c": ["a", "b"] * 10})
    config = DriftConfig(column_tests={"c": StatTest.KS})
    with pytest.raises(DriftConfigError, match="ks needs a numerical column; 'c'"):
        detect_drift(ref, ref, config=config)


def test_columns_missing_from_either_frame_are_named():
    ref = pd.DataFrame({"a": [1.0], "b": [2.0]})
    with pytest.raises(DriftInputError, match=r"\['b'\]"):
        detect_drift(ref, ref[["a"]])


def test_datetime_columns_are_skipped_unless_named():
    ref = pd.DataFrame({"t": pd.date_range("2026-01-01", periods=30), "x": np.arange(30.0)})
    assert [r.column for r in detect_drift(ref, ref).columns] == ["x"]
    with pytest.raises(DriftInputError, match="datetime"):
        detect_drift(ref, ref, columns=["t"])


def test_numeric_codes_can_be_declared_categorical():
    ref = pd.DataFrame({"zip": np.arange(2000) % 50})
    cur = pd.DataFrame({"zip": np.arange(2000) % 50})
    result = detect_drift(ref, cur, categorical={"zip"}).column("zip")
    assert (result.kind, result.test, result.drifted) == (CAT, StatTest.JENSEN_SHANNON, False)


def test_column_lookup_of_an_untested_name_raises_key_error():
    ref = pd.DataFrame({"x": np.arange(10.0)})
    with pytest.raises(KeyError):
        detect_drift(ref, ref).column("y")


def test_summaries_are_json_safe_and_name_the_drifted_columns():
    ref = pd.DataFrame({"c": ["a", "b"] * 300, "x": np.arange(600.0), "e": np.arange(600.0)})
    cur = pd.DataFrame({"c": ["a", "b"] * 299 + ["z", "z"], "x": np.arange(600.0), "e": np.nan})
    result = detect_drift(ref, cur)
    metrics = drift_metrics(result)
    json.dumps(metrics, allow_nan=False)
    assert metrics["columns_drifted"] == 1
    assert metrics["per_column"]["c"]["statistic"] is None  # infinite chi-square
    assert metrics["per_column"]["e"]["score"] is None  # no values in current
    assert metrics["per_column"]["c"]["unseen_categories"] == ["z"]
    assert drift_anomalies(result) == [
        {
            "column": "c",
            "kind": "drift",
            "detail": "chisquare p-value 0 vs threshold 0.05; unseen categories: z",
        }
    ]
