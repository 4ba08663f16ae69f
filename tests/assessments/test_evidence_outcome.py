"""Counts to outcome, without a database: thresholds, insufficiency and the wording."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assessments.evidence.delivery import Period, iso_week, weeks
from assessments.evidence.outcome import Tally, count_outcome, share_outcome

pytestmark = pytest.mark.dated


@pytest.mark.parametrize(
    ("total", "good", "min_share", "state"),
    [
        (0, 0, 0.9, "insufficient"),
        (10, 9, 0.9, "met"),
        (10, 8, 0.9, "not_met"),
        (1, 1, 1.0, "met"),
        (3, 0, 0.0, "met"),
    ],
)
def test_a_share_rule_is_met_at_its_threshold(total, good, min_share, state):
    result = share_outcome(Tally(total, good), min_share=min_share, what="runs", practice="p")
    assert result.state == state


@pytest.mark.parametrize(
    ("total", "good", "min_count", "state"),
    [(0, 0, 1, "insufficient"), (5, 0, 1, "not_met"), (5, 1, 1, "met"), (5, 1, 2, "not_met")],
)
def test_a_count_rule_needs_its_minimum(total, good, min_count, state):
    result = count_outcome(Tally(total, good), min_count=min_count, what="runs", practice="p")
    assert result.state == state


def test_the_detail_says_how_many_and_what_is_missing():
    result = share_outcome(Tally(40, 3), min_share=0.9, what="runs", practice="carry code")
    assert result.detail == "3 of 40 runs carry code (8%; needs 90%). 37 do not (showing 20)."


def test_weeks_follow_iso_numbering_across_the_new_year():
    start = datetime(2026, 12, 26, tzinfo=UTC)
    end = datetime(2027, 1, 6, tzinfo=UTC)
    assert [iso_week(d) for d in weeks(start, end)] == ["2026-W52", "2026-W53", "2027-W01"]


def test_a_week_period_holds_monday_midnight_but_not_the_next_one():
    window = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    week = Period(*window, week=date(2026, 11, 16))
    assert datetime(2026, 11, 16, tzinfo=UTC) in week
    assert datetime(2026, 11, 23, tzinfo=UTC) not in week
    assert datetime(2026, 11, 22, 23, 59, tzinfo=UTC) in week
