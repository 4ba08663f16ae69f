"""JSON-safe summaries of a drift result, shaped for the telemetry contract.

`drift_metrics` fills the `metrics` object of a `monitoring_check` event
(kind data_drift); `drift_anomalies` gives the `anomalies` list of a
`data_validation` event (kind drift). Non-finite numbers (an infinite
chi-square, a NaN for a column without values) become None, as JSON has no
spelling for them.
"""

from __future__ import annotations

import math
from typing import Any

from pipelines.drift.detect import ColumnDrift, DatasetDrift


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def drift_metrics(result: DatasetDrift) -> dict[str, Any]:
    """Data-set verdict plus test, score, threshold and verdict per column."""
    return {
        "dataset_drift": result.drifted,
        "share_drifted": result.share,
        "drift_share": result.drift_share,
        "columns_tested": len(result.columns),
        "columns_drifted": len(result.drifted_columns),
        "reference_rows": result.reference_rows,
        "current_rows": result.current_rows,
        "per_column": {column.column: _column_metrics(column) for column in result.columns},
    }


def _column_metrics(column: ColumnDrift) -> dict[str, Any]:
    return {
        "test": str(column.test),
        "statistic": _finite(column.statistic),
        "p_value": _finite(column.p_value),
        "score": _finite(column.score),
        "threshold": column.threshold,
        "drifted": column.drifted,
        "reference_missing": column.reference_missing,
        "current_missing": column.current_missing,
        "unseen_categories": list(column.unseen_categories),
    }


def drift_anomalies(result: DatasetDrift) -> list[dict[str, str]]:
    """One {column, kind: "drift", detail} entry per drifted column."""
    return [
        {"column": column.column, "kind": "drift", "detail": _detail(column)}
        for column in result.columns
        if column.drifted
    ]


def _detail(column: ColumnDrift) -> str:
    comparison = "p-value" if column.p_value is not None else "distance"
    text = f"{column.test} {comparison} {column.score:.4g} vs threshold {column.threshold:g}"
    if column.unseen_categories:
        text += f"; unseen categories: {', '.join(column.unseen_categories[:10])}"
    return text
