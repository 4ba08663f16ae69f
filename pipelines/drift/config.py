"""Drift thresholds and test choices as data: a frozen config with defaults.

The defaults reproduce Evidently's DataDriftPreset. Any of them can be
overridden in code (`dataclasses.replace`), from a mapping, or from TOML text:

    small_sample_max = 1000
    drift_share = 0.5
    [thresholds]
    wasserstein = 0.15
    [column_tests]
    age = "psi"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class StatTest(StrEnum):
    """The tests a column can be checked with; values are Evidently's test names."""

    KS = "ks"
    CHI_SQUARE = "chisquare"
    Z = "z"
    WASSERSTEIN = "wasserstein"
    JENSEN_SHANNON = "jensenshannon"
    PSI = "psi"


# Tests whose score is a p-value: drift when the p-value is below the threshold
# (for KS at or below it, as in Evidently). For the others the score is a
# distance: drift when it reaches the threshold.
P_VALUE_TESTS = frozenset({StatTest.KS, StatTest.CHI_SQUARE, StatTest.Z})
NUMERICAL_ONLY_TESTS = frozenset({StatTest.KS, StatTest.WASSERSTEIN})

DEFAULT_THRESHOLDS: Mapping[StatTest, float] = MappingProxyType(
    {
        StatTest.KS: 0.05,
        StatTest.CHI_SQUARE: 0.05,
        StatTest.Z: 0.05,
        StatTest.WASSERSTEIN: 0.1,
        StatTest.JENSEN_SHANNON: 0.1,
        StatTest.PSI: 0.1,
    }
)


class DriftConfigError(ValueError):
    """A drift configuration that cannot be used; the message says which key and why."""


@dataclass(frozen=True)
class DriftConfig:
    """How columns are tested and when a column or the whole data set counts as drifted.

    small_sample_max: reference sizes up to this use hypothesis tests (KS,
        chi-square, z), larger ones use distances (Wasserstein, Jensen-Shannon).
    categorical_max_unique: a numerical column with at most this many distinct
        values (reference and current together) is tested as categorical.
    integer_categorical_max_unique: an integer column with at most this many
        distinct reference values is a categorical column (codes), as Evidently
        infers column types.
    thresholds: per test; a p-value below it, or a distance at or above it, is drift.
    drift_share: the data set drifts when at least this share of columns drift.
    numerical_test, categorical_test: one test for every column of that kind
        instead of the size-based choice.
    column_tests: a test for named columns, overriding everything else.
    """

    small_sample_max: int = 1000
    categorical_max_unique: int = 5
    integer_categorical_max_unique: int = 10
    thresholds: Mapping[StatTest, float] = field(default_factory=lambda: DEFAULT_THRESHOLDS)
    drift_share: float = 0.5
    numerical_test: StatTest | None = None
    categorical_test: StatTest | None = None
    column_tests: Mapping[str, StatTest] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        merged = {
            **DEFAULT_THRESHOLDS,
            **{StatTest(k): float(v) for k, v in self.thresholds.items()},
        }
        object.__setattr__(self, "thresholds", MappingProxyType(merged))
        tests = {str(k): StatTest(v) for k, v in self.column_tests.items()}
        object.__setattr__(self, "column_tests", MappingProxyType(tests))
        self._validate()

    def _validate(self) -> None:
        counts = (self.small_sample_max, self.categorical_max_unique)
        if min(*counts, self.integer_categorical_max_unique) < 0:
            raise DriftConfigError("sample sizes and unique-value limits must be >= 0")
        if not 0.0 < self.drift_share <= 1.0:
            raise DriftConfigError(f"drift_share must be in (0, 1], got {self.drift_share}")
        for test, value in self.thresholds.items():
            if value < 0.0 or (test in P_VALUE_TESTS and value > 1.0):
                raise DriftConfigError(f"threshold for {test} out of range: {value}")
        if self.categorical_test in NUMERICAL_ONLY_TESTS:
            raise DriftConfigError(f"{self.categorical_test} cannot test categorical columns")

    def threshold(self, test: StatTest) -> float:
        return self.thresholds[test]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> DriftConfig:
        """Build from plain data (parsed TOML, JSON, settings); unknown keys are errors."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise DriftConfigError(f"unknown drift settings: {', '.join(unknown)}")
        try:
            return cls(**_parse_values(data))
        except (AttributeError, TypeError, ValueError) as error:
            if isinstance(error, DriftConfigError):
                raise
            raise DriftConfigError(f"invalid drift settings: {error}") from error

    @classmethod
    def from_toml(cls, text: str, *, table: str | None = None) -> DriftConfig:
        """Build from TOML text, optionally from a sub-table such as "drift"."""
        try:
            data: Mapping[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise DriftConfigError(f"invalid TOML: {error}") from error
        if table is not None:
            data = data.get(table, {})
        return cls.from_mapping(data)


def _parse_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if "thresholds" in values:
        values["thresholds"] = {StatTest(k): float(v) for k, v in values["thresholds"].items()}
    for key in ("numerical_test", "categorical_test"):
        if values.get(key) is not None:
            values[key] = StatTest(values[key])
    if "column_tests" in values:
        values["column_tests"] = {str(k): StatTest(v) for k, v in values["column_tests"].items()}
    return values
