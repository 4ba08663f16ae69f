"""Levels over time and the plain list of what changed since the last round, and why."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assessments.reports.history import Snapshot, diff, history_build
from assessments.rubric.types import EvidenceResult
from tests.assessments.reports.helpers import evidence_met, scorecard

pytestmark = pytest.mark.dated

T1 = datetime(2026, 7, 1, tzinfo=UTC)
T2 = datetime(2026, 8, 1, tzinfo=UTC)
T3 = datetime(2026, 10, 5, tzinfo=UTC)


def test_levels_are_listed_per_framework_oldest_first():
    snaps = [
        Snapshot(T2, 2, scorecard(["source_control"])),
        Snapshot(T1, 1, scorecard()),
    ]
    history = history_build(snaps)
    assert [p.computed_at for p in history.levels["google"]] == [T1, T2]
    assert [p.round_id for p in history.levels["azure"]] == [1, 2]


def test_evidence_that_arrives_is_explained_with_the_date_of_its_first_events():
    before = scorecard(["model_validation"])
    after = scorecard(["model_validation"], evidence=evidence_met("model_validation"))
    assert (
        before.capabilities["model_validation"].state
        == after.capabilities["model_validation"].state
    )
    before = scorecard()
    changes = diff(before, after, {"evt-model_validation": datetime(2026, 10, 3, tzinfo=UTC)})
    change = next(c for c in changes if c.capability == "model_validation")
    assert change.sentence == "model_validation: met, first supporting events on 2026-10-03"


def test_a_contradiction_and_a_changed_answer_each_say_why():
    before = scorecard(["lineage"])
    after = scorecard(
        ["source_control", "lineage"],
        evidence={"lineage": EvidenceResult("not_met", ("e1",), "0 of 4 deployments trace back")},
    )
    by_cap = {c.capability: c for c in diff(before, after)}
    assert by_cap["lineage"].after == "contradicted"
    assert "telemetry contradicts the answers" in by_cap["lineage"].reason
    assert by_cap["source_control"].reason == "answers moved from not_met to met"
    assert set(by_cap) == {"lineage", "source_control"}


def test_changes_compare_with_the_last_snapshot_of_the_previous_round():
    snaps = [
        Snapshot(T1, 1, scorecard()),
        Snapshot(T2, 2, scorecard(["source_control"])),
        Snapshot(T3, 2, scorecard(["source_control", "experiment_tracking"])),
    ]
    history = history_build(snaps)
    assert history.since == T1
    assert {c.capability for c in history.changes} == {"source_control", "experiment_tracking"}


def test_a_level_change_is_listed_and_one_snapshot_has_nothing_to_compare():
    level1 = [
        "source_control",
        "data_pipeline_automation",
        "application_ci",
        "model_integration_tests",
    ]
    history = history_build([Snapshot(T1, 1, scorecard()), Snapshot(T2, 2, scorecard(level1))])
    assert history.level_changes == ("azure: level 0 -> 1",)
    assert history_build([Snapshot(T1, 1, scorecard())]).changes == ()
