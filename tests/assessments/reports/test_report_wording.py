"""The report names each framework once before its level, and the level ladder leaves room
for the longest level name."""

from __future__ import annotations

import re

import pytest

from assessments.reports import charts
from assessments.rubric.loader import get_rubric
from tests.assessments.reports.helpers import rubric, scorecard


@pytest.mark.parametrize("version", ["2026.1", "2026.2"])
def test_no_framework_name_reads_twice_before_its_level(version):
    for fw in get_rubric(version).frameworks.values():
        assert not re.search(r"\blevels?$", fw.name, re.IGNORECASE), fw.name


def test_the_explanation_and_the_ladder_title_name_the_framework_once():
    card = scorecard(["source_control"])
    for fw in rubric().frameworks.values():
        explanation = card.frameworks[fw.id].explanation
        title = charts.level_ladder(fw, card).title
        assert explanation.startswith(f"{fw.name} level 0 (")
        assert "levels level" not in explanation + title
        assert title.count(fw.name) == 1


def test_the_ladder_s_left_margin_grows_to_fit_the_longest_level_name():
    azure = rubric().frameworks["azure"]
    layout = charts.level_ladder(azure, scorecard()).figure["layout"]
    assert layout["yaxis"]["automargin"] is True
    assert "3 Automated model deployment" in layout["yaxis"]["ticktext"]
    # A fixed left margin is what cut the names off; only the default base margin remains.
    assert layout.get("margin", {}).get("l", 0) <= 40
