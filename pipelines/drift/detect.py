"""Per-column drift tests and the data-set verdict for two pandas DataFrames.

Test selection follows Evidently's DataDriftPreset: `_get_default_stattest` in
evidently/legacy/calculations/stattests/registry.py of Evidently 0.7.23 (the
same function sits in evidently/calculations/stattests/registry.py in 0.4),
with n the number of non-missing reference values (Evidently drops NaN and
+-inf first, in legacy/calculations/data_drift.py) and u the number of
distinct values in reference and current together:

    n <= 1000, numerical, u > 5   Kolmogorov-Smirnov    drift if p < 0.05
    n <= 1000, otherwise, u > 2   chi-square            drift if p < 0.05
    n <= 1000, otherwise, u <= 2  two-proportion z-test drift if p < 0.05
    n > 1000, numerical, u > 5    Wasserstein / std(reference)  drift if >= 0.1
    n > 1000, otherwise           Jensen-Shannon distance       drift if >= 0.1

"Otherwise" is a categorical column, or a numerical one with at most five
distinct values. KS drifts at p <= 0.05 exactly (Evidently's ks_stattest.py).
The data set drifts when the share of drifted columns is at least 0.5
(DataDriftPreset's drift_share). Every number above is a field of `DriftConfig`.

Column kinds follow Evidently 0.7's `infer_column_type` (evidently/core/datasets.py)
on the reference: floats are numerical; integers are numerical unless they have
at most 10 distinct values (then categorical codes); booleans, strings,
categoricals and objects are categorical. Datetime columns are not tested.

The chi-square test, as Evidently runs it, compares current counts with the
reference shares taken as exact; it ignores the reference's own sampling noise,
so with samples of similar size it flags drift more often than its nominal 5%.
It is kept for agreement with Evidently; set `categorical_test` to
"jensenshannon" or "psi" for a steadier verdict on small samples.

Missing values (NaN, None, NA, and for numerical columns also +-inf, which
Evidently drops too) are removed per column and counted in the result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from pipelines.drift import stats
from pipelines.drift.config import (
    NUMERICAL_ONLY_TESTS,
    P_VALUE_TESTS,
    DriftConfig,
    DriftConfigError,
    StatTest,
)

# Evidently bins a numerical column for Jensen-Shannon and PSI only when its
# reference has more than this many distinct values; below, each value is a bin.
BINNING_MIN_UNIQUE = 20


class ColumnKind(StrEnum):
    NUMERICAL = "numerical"
    CATEGORICAL = "categorical"


class DriftInputError(ValueError):
    """The two frames cannot be compared (missing columns); the message names them."""


@dataclass(frozen=True)
class ColumnDrift:
    """The verdict on one column.

    score is what is compared with threshold: the p-value for hypothesis tests
    (drift when below), the statistic itself for distances (drift when at or
    above). statistic is NaN and drifted False when a side has no values.
    unique_values counts distinct non-missing values over both samples; it is
    None for a numerical column with more than 20 of them (the exact count is
    not needed by any test, so it is not computed).
    """

    column: str
    kind: ColumnKind
    test: StatTest
    statistic: float
    p_value: float | None
    score: float
    threshold: float
    drifted: bool
    reference_count: int
    current_count: int
    reference_missing: int
    current_missing: int
    unique_values: int | None
    unseen_categories: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class DatasetDrift:
    """All column verdicts and the data-set verdict (share of drifted columns >= drift_share)."""

    columns: tuple[ColumnDrift, ...]
    drifted_columns: tuple[str, ...]
    share: float
    drift_share: float
    drifted: bool
    reference_rows: int
    current_rows: int

    def column(self, name: str) -> ColumnDrift:
        for result in self.columns:
            if result.column == name:
                return result
        raise KeyError(name)


@dataclass(frozen=True)
class _Prepared:
    """One column reduced to what the tests need: sorted values and/or category counts.

    Counts per distinct value are left out (None) for clearly continuous
    numerical columns; they are computed only if a count-based test is asked for.
    """

    kind: ColumnKind
    pair: stats.SortedPair | None
    labels: tuple[str, ...]
    counts: tuple[stats.FloatArray, stats.FloatArray] | None
    reference_count: int
    current_count: int
    unique_values: int | None
    reference_missing: int
    current_missing: int

    def category_counts(self) -> tuple[stats.FloatArray, stats.FloatArray]:
        if self.counts is not None:
            return self.counts
        assert self.pair is not None  # categorical columns always carry counts
        ref, cur = self.pair.reference, self.pair.current
        values = np.union1d(stats.distinct_sorted(ref), stats.distinct_sorted(cur))
        return self.pair.counts_of(values)


def detect_drift(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    config: DriftConfig | None = None,
    columns: Sequence[str] | None = None,
    categorical: Collection[str] = (),
) -> DatasetDrift:
    """Test every column (or those named) of reference against current.

    Column kinds are inferred (module docstring); `categorical` names numeric
    columns to treat as category codes regardless. Datetime columns are left
    out unless named, which is an error.
    """
    config = config or DriftConfig()
    if columns is None:
        names = [c for c in reference.columns if not _is_datetime(reference[c])]
    else:
        names = list(columns)
    absent = [n for n in names if n not in reference.columns or n not in current.columns]
    if absent:
        raise DriftInputError(f"columns missing from reference or current: {absent}")
    dated = [n for n in names if _is_datetime(reference[n])]
    if dated:
        raise DriftInputError(f"datetime columns cannot be tested for drift: {dated}")
    results = tuple(
        column_drift(str(n), reference[n], current[n], config=config, categorical=n in categorical)
        for n in names
    )
    drifted = tuple(r.column for r in results if r.drifted)
    share = len(drifted) / len(results) if results else 0.0
    return DatasetDrift(
        columns=results,
        drifted_columns=drifted,
        share=share,
        drift_share=config.drift_share,
        drifted=bool(results) and share >= config.drift_share,
        reference_rows=len(reference),
        current_rows=len(current),
    )


def column_drift(
    name: str,
    reference: pd.Series,
    current: pd.Series,
    *,
    config: DriftConfig,
    categorical: bool = False,
) -> ColumnDrift:
    """The verdict on one column, with the test chosen by `select_test`."""
    numeric = not categorical and infer_kind(reference, config) is ColumnKind.NUMERICAL
    prepared = (
        _prepare_numerical(reference, current, config)
        if numeric
        else _prepare_categorical(reference, current)
    )
    test = select_test(
        name,
        prepared.kind,
        reference_count=prepared.reference_count,
        unique_values=prepared.unique_values,
        config=config,
    )
    if prepared.reference_count == 0 or prepared.current_count == 0:
        side = "reference" if prepared.reference_count == 0 else "current"
        return _result(
            name, prepared, test, stats.TestOutcome(np.nan), config, f"no values in {side}"
        )
    return _result(name, prepared, test, _run(test, prepared, name), config, "")


def infer_kind(reference: pd.Series, config: DriftConfig) -> ColumnKind:
    """Numerical or categorical, as Evidently infers it from the reference column."""
    dtype = reference.dtype
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        return ColumnKind.CATEGORICAL
    limit = config.integer_categorical_max_unique
    if pd.api.types.is_integer_dtype(dtype) and reference.nunique() <= limit:
        return ColumnKind.CATEGORICAL
    return ColumnKind.NUMERICAL


def _is_datetime(series: pd.Series) -> bool:
    dtype = series.dtype
    return bool(
        pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype)
    )


def select_test(
    name: str,
    kind: ColumnKind,
    *,
    reference_count: int,
    unique_values: int | None,
    config: DriftConfig,
) -> StatTest:
    """Evidently's default choice (see the module docstring), unless the config overrides it."""
    if name in config.column_tests:
        return config.column_tests[name]
    if kind is ColumnKind.NUMERICAL and config.numerical_test is not None:
        return config.numerical_test
    if kind is ColumnKind.CATEGORICAL and config.categorical_test is not None:
        return config.categorical_test
    small = reference_count <= config.small_sample_max
    many = unique_values is None or unique_values > config.categorical_max_unique
    if kind is ColumnKind.NUMERICAL and many:
        return StatTest.KS if small else StatTest.WASSERSTEIN
    if not small:
        return StatTest.JENSEN_SHANNON
    return StatTest.Z if unique_values is not None and unique_values <= 2 else StatTest.CHI_SQUARE


def _run(test: StatTest, prepared: _Prepared, name: str) -> stats.TestOutcome:
    pair = prepared.pair
    if test in NUMERICAL_ONLY_TESTS:
        if pair is None:
            raise DriftConfigError(f"{test} needs a numerical column; {name!r} is categorical")
        return stats.ks_test(pair) if test is StatTest.KS else stats.wasserstein_normed(pair)
    binned = test in (StatTest.JENSEN_SHANNON, StatTest.PSI)
    if (
        binned
        and pair is not None
        and stats.few_distinct(pair.reference, BINNING_MIN_UNIQUE) is None
    ):
        ref, cur = stats.sturges_histograms(pair)
    else:
        ref, cur = prepared.category_counts()
    if test is StatTest.CHI_SQUARE:
        return stats.chi_square(ref, cur)
    if test is StatTest.Z:
        return stats.z_test(ref, cur)
    if test is StatTest.JENSEN_SHANNON:
        return stats.jensen_shannon(ref, cur)
    return stats.psi(ref, cur)


def _result(
    name: str,
    prepared: _Prepared,
    test: StatTest,
    outcome: stats.TestOutcome,
    config: DriftConfig,
    note: str,
) -> ColumnDrift:
    threshold = config.threshold(test)
    is_p = test in P_VALUE_TESTS
    raw = outcome.p_value if is_p else outcome.statistic
    score = np.nan if note or raw is None else float(raw)
    if test is StatTest.KS:
        drifted = not note and score <= threshold
    else:
        drifted = not note and (score < threshold if is_p else score >= threshold)
    unseen: tuple[str, ...] = ()
    if prepared.kind is ColumnKind.CATEGORICAL and prepared.counts is not None:
        ref, cur = prepared.counts
        unseen = tuple(
            label for label, r, c in zip(prepared.labels, ref, cur, strict=True) if r == 0 < c
        )
    return ColumnDrift(
        column=name,
        kind=prepared.kind,
        test=test,
        statistic=float(outcome.statistic),
        p_value=score if is_p else None,
        score=score,
        threshold=threshold,
        drifted=bool(drifted),
        reference_count=prepared.reference_count,
        current_count=prepared.current_count,
        reference_missing=prepared.reference_missing,
        current_missing=prepared.current_missing,
        unique_values=prepared.unique_values,
        unseen_categories=unseen,
        note=note,
    )


def _finite_values(series: pd.Series) -> tuple[stats.FloatArray, int]:
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    finite = np.isfinite(values)
    if finite.all():
        return values, 0
    return values[finite], int(values.size - np.count_nonzero(finite))


def _prepare_numerical(reference: pd.Series, current: pd.Series, config: DriftConfig) -> _Prepared:
    ref, ref_missing = _finite_values(reference)
    cur, cur_missing = _finite_values(current)
    pair = stats.SortedPair.of(ref, cur)
    # Distinct values matter only while few: the rule asks "more than five?"
    # and few-valued columns are tested on counts per value.
    limit = max(BINNING_MIN_UNIQUE, config.categorical_max_unique)
    ref_few = stats.few_distinct(pair.reference, limit)
    cur_few = stats.few_distinct(pair.current, limit) if ref_few is not None else None
    values = None if ref_few is None or cur_few is None else np.union1d(ref_few, cur_few)
    if values is not None and values.size > limit:
        values = None
    return _Prepared(
        kind=ColumnKind.NUMERICAL,
        pair=pair,
        labels=() if values is None else tuple(str(v) for v in values),
        counts=None if values is None else pair.counts_of(values),
        reference_count=int(ref.size),
        current_count=int(cur.size),
        unique_values=None if values is None else int(values.size),
        reference_missing=ref_missing,
        current_missing=cur_missing,
    )


def _prepare_categorical(reference: pd.Series, current: pd.Series) -> _Prepared:
    # Each side is hashed on its own (no concatenated copy), then the two
    # small sets of labels are aligned.
    ref_labels, ref_counts = _category_counts(reference)
    cur_labels, cur_counts = _category_counts(current)
    labels = ref_labels.append(cur_labels).unique()
    with contextlib.suppress(TypeError):  # mixed types that do not compare: first-seen order
        labels = labels.sort_values()
    ref_full = np.zeros(len(labels))
    ref_full[labels.get_indexer(ref_labels)] = ref_counts
    cur_full = np.zeros(len(labels))
    cur_full[labels.get_indexer(cur_labels)] = cur_counts
    return _Prepared(
        kind=ColumnKind.CATEGORICAL,
        pair=None,
        labels=tuple(str(label) for label in labels),
        counts=(ref_full, cur_full),
        reference_count=int(ref_counts.sum()),
        current_count=int(cur_counts.sum()),
        unique_values=len(labels),
        reference_missing=int(len(reference) - ref_counts.sum()),
        current_missing=int(len(current) - cur_counts.sum()),
    )


def _category_counts(series: pd.Series) -> tuple[pd.Index, stats.FloatArray]:
    """Observed labels of one side and how often each occurs (missing values left out)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), series.cat.categories
    elif pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        codes, uniques = pd.factorize(series)
    else:
        # Hashing the underlying object array is about twice as fast as
        # going through the string extension array.
        codes, uniques = pd.factorize(series.to_numpy(dtype=object))
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques)).astype(np.float64)
    observed = counts > 0
    return pd.Index(uniques, dtype=object)[observed], counts[observed]
