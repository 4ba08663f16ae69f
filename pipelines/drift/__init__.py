"""Data-drift detection between a reference and a current DataFrame.

Pure computation (numpy and pandas in, frozen dataclasses out). Tests are
chosen per column as Evidently's DataDriftPreset chooses them; see
`pipelines.drift.detect` for the rule and `DriftConfig` for the thresholds.

    result = detect_drift(reference_df, current_df)
    result.drifted, result.share, result.drifted_columns
    result.column("age").test, .statistic, .p_value, .score, .threshold, .drifted
    drift_metrics(result), drift_anomalies(result)   # JSON-safe, for telemetry
"""

from pipelines.drift.config import (
    DEFAULT_THRESHOLDS,
    DriftConfig,
    DriftConfigError,
    StatTest,
)
from pipelines.drift.detect import (
    ColumnDrift,
    ColumnKind,
    DatasetDrift,
    DriftInputError,
    column_drift,
    detect_drift,
    infer_kind,
    select_test,
)
from pipelines.drift.summary import drift_anomalies, drift_metrics

__all__ = [
    "DEFAULT_THRESHOLDS",
    "ColumnDrift",
    "ColumnKind",
    "DatasetDrift",
    "DriftConfig",
    "DriftConfigError",
    "DriftInputError",
    "StatTest",
    "column_drift",
    "detect_drift",
    "drift_anomalies",
    "drift_metrics",
    "infer_kind",
    "select_test",
]
