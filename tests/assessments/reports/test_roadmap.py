"""The roadmap: dependencies first, then value for effort; items close when evidence arrives."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assessments.reports.advice import Advice, AdviceSet, Effort
from assessments.reports.context import TeamContext
from assessments.reports.roadmap import order_items, roadmap_build
from tests.assessments.reports.helpers import advice, evidence_met, rubric, scorecard

pytestmark = pytest.mark.dated


def _build(sc, context=None, event_dates=None):
    return roadmap_build(
        rubric=rubric(),
        scorecard=sc,
        advice=advice(),
        context=context or TeamContext(),
        event_dates=event_dates,
    )


def _google(roadmap):
    return next(f for f in roadmap.frameworks if f.framework == "google")


def test_a_team_with_nothing_gets_every_level_one_gap_after_its_prerequisites():
    fr = _google(_build(scorecard()))
    order = [i.capability for i in fr.open_items]
    assert fr.next_level == 1
    assert set(rubric().frameworks["google"].levels[1].requires) <= set(order)
    for item in fr.open_items:
        for dep in item.depends_on:
            assert order.index(dep) < order.index(item.capability), (dep, item.capability)
    assert order.index("model_registry") < order.index("automated_deployment")
    assert order.index("experiment_tracking") < order.index("lineage")


def test_an_unmet_prerequisite_outside_the_level_is_added_and_says_what_it_unblocks():
    fr = _google(_build(scorecard()))
    registry = next(i for i in fr.open_items if i.capability == "model_registry")
    assert registry.required_at == 2  # Google requires it only at level 2
    assert "automated_deployment" in registry.prerequisite_for


def test_met_prerequisites_are_left_out_and_do_not_hold_items_back():
    fr = _google(_build(scorecard(["source_control", "experiment_tracking", "model_registry"])))
    caps = [i.capability for i in fr.open_items]
    assert "model_registry" not in caps
    assert "source_control" not in caps
    lineage = next(i for i in fr.open_items if i.capability == "lineage")
    assert lineage.depends_on == ()


def _advice(**items: tuple[int, int, tuple[str, ...]]) -> AdviceSet:
    def entry(cap: str, value: int, days: int, deps: tuple[str, ...]) -> Advice:
        effort: Effort = "S" if days <= 3 else "M"
        return Advice(
            cap, "why", "cites", ("step",), effort, days, value, deps, "signal", 1, "training", {}
        )

    return AdviceSet("t", "test", {c: entry(c, *v) for c, v in items.items()})


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # value per day decides among independent items
        ({"a": (1, 2, ()), "b": (3, 2, ()), "c": (2, 2, ())}, ["b", "c", "a"]),
        ({"a": (3, 6, ()), "b": (1, 1, ())}, ["b", "a"]),
        # a dependency comes first even when it is worth less
        ({"a": (1, 3, ()), "b": (3, 1, ("a",))}, ["a", "b"]),
        # equal value per day: rubric order
        ({"c": (2, 2, ()), "a": (2, 2, ())}, ["a", "c"]),
        # a freed item competes on value with the others still waiting
        ({"a": (3, 1, ()), "b": (3, 1, ("a",)), "c": (1, 3, ())}, ["a", "b", "c"]),
    ],
)
def test_items_come_after_their_dependencies_then_by_value_for_effort(items, expected):
    assert order_items(items, _advice(**items), TeamContext(), ["a", "b", "c"]) == expected


def test_the_context_raises_the_value_of_what_matters_to_the_team():
    adv = advice()
    caps = ["lineage", "model_integration_tests"]
    order = [c.id for c in rubric().capabilities]
    plain = order_items(caps, adv, TeamContext(regulated="not_regulated"), order)
    regulated = order_items(caps, adv, TeamContext(regulated="regulated"), order)
    assert plain == ["model_integration_tests", "lineage"]
    assert regulated == ["lineage", "model_integration_tests"]


def test_an_item_closes_by_itself_when_its_evidence_arrives_with_the_date():
    when = datetime(2026, 10, 3, 9, 0, tzinfo=UTC)
    sc = scorecard(evidence=evidence_met("model_validation"))
    fr = _google(_build(sc, event_dates={"evt-model_validation": when}))
    assert "model_validation" not in [i.capability for i in fr.open_items]
    done = next(i for i in fr.done_items if i.capability == "model_validation")
    assert done.done_on == date(2026, 10, 3)
    assert done.done_events == ("evt-model_validation",)


def test_without_evidence_a_claimed_capability_is_neither_open_nor_done():
    fr = _google(_build(scorecard(["model_validation"])))
    assert "model_validation" not in [i.capability for i in fr.items]


def test_the_top_three_steps_are_three_open_items_with_no_open_prerequisite_before_them():
    roadmap = _build(scorecard())
    top = [i.capability for i in roadmap.top_steps]
    assert len(top) == 3
    assert top[0] == "source_control"  # everything else builds on it
    for n, item in enumerate(roadmap.top_steps):
        assert not set(item.depends_on) - set(top[:n])


def test_the_roadmap_records_the_advice_version_it_used():
    assert _build(scorecard()).advice_version == advice().version


def test_a_team_at_the_top_level_has_nothing_left_for_that_framework():
    everything = [c.id for c in rubric().capabilities]
    fr = _google(_build(scorecard(everything, evidence=evidence_met(*everything))))
    assert fr.next_level is None
    assert fr.open_items == ()


def test_each_item_says_why_what_to_do_how_long_and_how_it_is_proven():
    item = _google(_build(scorecard())).open_items[0]
    assert item.why
    assert item.steps
    assert item.signal
    assert item.reference.startswith("Reference")
    assert item.effort in "SML"
    assert item.days > 0
