"""Delivery metrics become one weekly series per metric, with gaps kept as gaps."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from assessments.evidence.delivery import DeliveryMetrics, Figures, Week
from assessments.selectors.report_metrics import metric_series

pytestmark = pytest.mark.dated


def _figures(**values) -> Figures:
    return Figures(**{f.name: values.get(f.name) for f in fields(Figures)})


def test_each_measured_metric_is_a_series_and_unmeasured_weeks_stay_empty():
    weeks = (
        Week("2026-W40", date(2026, 9, 28), _figures(deployments=2, change_failure_rate=0.5)),
        Week("2026-W41", date(2026, 10, 5), _figures(deployments=0)),
    )
    series = {s.key: s for s in metric_series(DeliveryMetrics(90, _figures(), weeks))}
    assert set(series) == {"deployments", "change_failure_rate"}
    assert series["deployments"].points == ((date(2026, 9, 28), 2.0), (date(2026, 10, 5), 0.0))
    assert series["change_failure_rate"].points[1] == (date(2026, 10, 5), None)


def test_weeks_with_nothing_measured_give_no_series():
    weeks = (Week("2026-W40", date(2026, 9, 28), _figures(deployments=0)),)
    assert metric_series(DeliveryMetrics(90, _figures(), weeks)) == ()
