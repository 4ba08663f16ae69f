"""Delivery metrics over a known stream, with the exact figures it must give."""

from __future__ import annotations

import itertools
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

import pytest

from assessments.evidence.delivery import DeploymentRow, Inputs, delivery_metrics, iso_week
from assessments.evidence.metrics import team_metrics
from tests.assessments.events import NOW, E, store
from tests.conftest import World

pytestmark = pytest.mark.dated

#: The weekly figures below are worked out for a stream ending at this Friday noon:
#: ISO week 2026-W48 began Monday 23 at 00:00, W47 on Monday 16. The totals hold
#: wherever the stream ends, so they are checked at the clock's NOW.
FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

# "ago" is in days before the end of the window.
STREAM = [
    E("r1", "training_run", 10, model="fraud", run_id="r1", attrs={"trigger": "schedule"}),
    E(
        "r2",
        "training_run",
        5,
        model="fraud",
        run_id="r2",
        attrs={"trigger": "drift", "alert_id": "A1"},
    ),
    E("r3", "training_run", 3, model="fraud", run_id="r3", attrs={"trigger": "manual"}),
    E(
        "reg1",
        "model_registered",
        9.5,
        model="fraud",
        attrs={"version": "1", "training_run_id": "r1"},
    ),
    E(
        "reg2",
        "model_registered",
        4.5,
        model="fraud",
        attrs={"version": "2", "training_run_id": "r2"},
    ),
    E(
        "d1",
        "deployment",
        9,
        model="fraud",
        environment="production",
        attrs={"version": "1", "status": "succeeded"},
    ),
    E(
        "d2",
        "deployment",
        4,
        model="fraud",
        environment="production",
        attrs={"version": "2", "status": "succeeded"},
    ),
    E(
        "d3",
        "deployment",
        2,
        model="fraud",
        environment="production",
        attrs={"version": "3", "status": "failed"},
    ),
    E("c1", "deployment", 2, model="churn", attrs={"version": "1", "status": "succeeded"}),
    E(
        "s1",
        "deployment",
        4.2,
        model="fraud",
        environment="staging",
        attrs={"version": "2", "status": "succeeded"},
    ),
    E(
        "rb",
        "rollback",
        1,
        model="fraud",
        environment="production",
        attrs={"from_version": "2", "to_version": "1"},
    ),
    E(
        "A1-open",
        "alert",
        6,
        model="fraud",
        attrs={"alert_id": "A1", "kind": "drift", "status": "open"},
    ),
    E(
        "A1-done",
        "alert",
        5.5,
        model="fraud",
        attrs={"alert_id": "A1", "kind": "drift", "status": "resolved"},
    ),
    E(
        "A2-open",
        "alert",
        3,
        model="fraud",
        attrs={"alert_id": "A2", "kind": "performance", "status": "open"},
    ),
    E("m1", "monitoring_check", 3, model="fraud", attrs={"kind": "latency", "status": "ok"}),
]

TOTALS = {
    "deployments": 3,
    "deployment_frequency_per_week": 0.233,
    "lead_time_hours": 24.0,
    "change_failure_rate": 0.5,
    "time_to_restore_hours": 12.0,
    "automated_run_share": 0.6667,
    "monitoring_coverage": 0.5,
    "median_model_age_days": 4.5,
    "drift_to_production_hours": 48.0,
}
WEEKS = {
    "2026-W47": {
        "deployments": 1,
        "deployment_frequency_per_week": 1.0,
        "lead_time_hours": 24.0,
        "change_failure_rate": 0.0,
        "time_to_restore_hours": 12.0,
        "automated_run_share": 1.0,
        "monitoring_coverage": 0.0,
        "median_model_age_days": 5.0,  # v1 registered Wednesday 18 at 00:00
        "drift_to_production_hours": 48.0,
    },
    "2026-W48": {
        "deployments": 2,
        "deployment_frequency_per_week": 3.111,
        "lead_time_hours": 24.0,
        "change_failure_rate": 0.6667,
        "time_to_restore_hours": None,
        "automated_run_share": 0.0,
        "monitoring_coverage": 0.5,
        "median_model_age_days": 4.5,
        "drift_to_production_hours": None,
    },
    "2026-W36": {
        "deployments": 0,
        "deployment_frequency_per_week": 0.0,
        "lead_time_hours": None,
        "change_failure_rate": None,
        "time_to_restore_hours": None,
        "automated_run_share": None,
        "monitoring_coverage": None,
        "median_model_age_days": None,
        "drift_to_production_hours": None,
    },
}


def _stream_metrics(world: World, now: datetime):
    store(world.team, STREAM, now=now)
    store(world.foreign_team, STREAM, now=now)  # another organisation's copy changes nothing
    other = [E("x", "deployment", 1, model="fraud", attrs={"version": "1"})]
    store(world.other_team, other, now=now)
    return team_metrics(world.team, window_days=90, now=now)


@pytest.fixture
def metrics(world: World):
    return _stream_metrics(world, NOW)


@pytest.fixture
def friday_metrics(world: World):
    return _stream_metrics(world, FRIDAY_NOON)


def test_totals_over_the_window_are_exact(metrics):
    assert asdict(metrics.totals) == TOTALS


@pytest.mark.parametrize("week", sorted(WEEKS))
def test_weekly_figures_are_exact(friday_metrics, week):
    by_week = {w.week: asdict(w.figures) for w in friday_metrics.weekly}
    assert by_week[week] == WEEKS[week]


def test_the_weekly_series_covers_every_iso_week_of_the_window(friday_metrics):
    labels = [w.week for w in friday_metrics.weekly]
    assert labels[0] == "2026-W35"  # the window starts Saturday 2026-08-29
    assert labels[-1] == "2026-W48"
    assert len(labels) == len(set(labels)) == 14


def test_the_weekly_series_runs_from_the_first_week_of_the_window_to_the_last(metrics):
    first = (NOW - timedelta(days=90)).date()
    mondays = [w.starts for w in metrics.weekly]
    assert mondays[0] == first - timedelta(days=first.weekday())
    assert mondays[-1] == NOW.date() - timedelta(days=NOW.weekday())
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(mondays))
    assert [w.week for w in metrics.weekly] == [iso_week(m) for m in mondays]


def test_each_deployment_is_counted_in_exactly_one_week(metrics):
    assert sum(w.figures.deployments or 0 for w in metrics.weekly) == metrics.totals.deployments


def test_a_deployment_at_monday_midnight_counts_in_the_week_that_monday_starts():
    monday = datetime(2028, 2, 28, tzinfo=UTC)
    deployed = DeploymentRow(monday, "fraud", "succeeded", False, None, None, None)
    inputs = Inputs(
        start=monday - timedelta(days=13), end=monday + timedelta(days=1),
        reports_deployments=True, deployments=[deployed], alerts=[], run_weeks=[], coverage=[],
    )  # fmt: skip
    weekly = {w.starts: w.figures for w in delivery_metrics(inputs, 14).weekly}
    assert {starts: f.deployments for starts, f in weekly.items()} == {
        date(2028, 2, 14): 0, date(2028, 2, 21): 0, date(2028, 2, 28): 1,
    }  # fmt: skip
    assert weekly[date(2028, 2, 28)].deployment_frequency_per_week == 7.0  # one in one day


def test_a_window_ending_at_monday_midnight_measures_no_rate_in_the_week_it_just_touched():
    monday = datetime(2027, 1, 4, tzinfo=UTC)
    inputs = Inputs(
        start=monday - timedelta(days=7), end=monday, reports_deployments=True,
        deployments=[], alerts=[], run_weeks=[], coverage=[],
    )  # fmt: skip
    weekly = delivery_metrics(inputs, 7).weekly
    assert [w.week for w in weekly] == ["2026-W53", "2027-W01"]
    assert weekly[0].figures.deployment_frequency_per_week == 0.0
    assert weekly[-1].figures.deployment_frequency_per_week is None


def test_a_team_without_events_gets_no_made_up_figures(world: World):
    metrics = team_metrics(world.team, window_days=30, now=NOW)
    assert set(asdict(metrics.totals).values()) == {None}
    assert all(set(asdict(w.figures).values()) == {None} for w in metrics.weekly)


def test_a_shorter_window_leaves_older_events_out(world: World):
    store(world.team, STREAM)  # ending at NOW, wherever the clock stands
    metrics = team_metrics(world.team, window_days=7, now=NOW)
    assert metrics.totals.deployments == 2  # d2 and c1; d1 is nine days old
    assert metrics.totals.lead_time_hours == 24.0
    assert metrics.totals.automated_run_share == 0.5  # r2 (drift) and r3 (manual)
