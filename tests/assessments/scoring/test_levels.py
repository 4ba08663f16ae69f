"""Levels are gated and cumulative, for every level of both frameworks (built from the data)."""

from __future__ import annotations

import pytest

from assessments.rubric.loader import get_rubric
from assessments.scoring import score
from tests.assessments.scoring.profiles import evidence, meeting

RUBRIC = get_rubric()

LEVELS = [(fw.id, lvl.level) for fw in RUBRIC.frameworks.values() for lvl in fw.levels]
DROPS = [
    (fw.id, lvl.level, cap, required_at.level)
    for fw in RUBRIC.frameworks.values()
    for lvl in fw.levels
    for required_at in fw.levels[1 : lvl.level + 1]
    for cap in required_at.requires
]


@pytest.mark.parametrize(("framework", "level"), LEVELS)
def test_a_team_meeting_exactly_a_levels_requirements_is_at_that_level(framework, level):
    required = RUBRIC.frameworks[framework].required_up_to(level)
    result = score(RUBRIC, [meeting(RUBRIC, required)], {}).frameworks[framework]
    assert result.claimed_level == level
    assert result.assessed_level == level


@pytest.mark.parametrize(("framework", "level"), LEVELS)
def test_telemetry_meeting_a_levels_requirements_also_reaches_it_without_answers(framework, level):
    fw = RUBRIC.frameworks[framework]
    required = fw.required_up_to(level)
    shown = [c for c in required if RUBRIC.capability(c).telemetry]
    answered = [c for c in required if not RUBRIC.capability(c).telemetry]
    # Capabilities telemetry cannot show are answered; everything else comes from evidence.
    responses = [meeting(RUBRIC, answered)] if answered else []
    result = score(RUBRIC, responses, evidence("met", shown)).frameworks[framework]
    assert result.assessed_level == level


@pytest.mark.parametrize(
    ("framework", "level", "capability", "required_at"),
    DROPS,
    ids=[f"{f}-{lvl}-{c}" for f, lvl, c, _ in DROPS],
)
def test_missing_any_one_required_capability_drops_the_level(
    framework, level, capability, required_at
):
    required = set(RUBRIC.frameworks[framework].required_up_to(level)) - {capability}
    result = score(RUBRIC, [meeting(RUBRIC, required)], {}).frameworks[framework]
    assert result.assessed_level == required_at - 1
    assert capability in result.blocking


def test_a_strong_area_never_hides_a_missing_one():
    everything_but_one = [c.id for c in RUBRIC.capabilities if c.id != "data_validation"]
    card = score(RUBRIC, [meeting(RUBRIC, everything_but_one)], {})
    assert card.frameworks["google"].assessed_level == 0
    assert card.frameworks["google"].blocking == ("data_validation",)
    assert card.frameworks["azure"].assessed_level == 4


def test_at_the_top_level_there_is_no_next_level_and_nothing_blocks():
    all_caps = [c.id for c in RUBRIC.capabilities]
    result = score(RUBRIC, [meeting(RUBRIC, all_caps)], {}).frameworks["azure"]
    assert (result.assessed_level, result.next_level, result.progress_to_next) == (4, None, None)
    assert result.blocking == ()
    assert "the highest" in result.explanation
