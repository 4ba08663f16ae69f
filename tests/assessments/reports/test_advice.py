"""Advice as data: the shipped set covers the rubric, and bad sets fail with every problem."""

from __future__ import annotations

import pytest

from assessments.reports.advice import AdviceError, default_advice_text, parse_advice
from tests.assessments.reports.helpers import rubric

pytestmark = pytest.mark.dated


def test_the_default_advice_covers_every_capability_of_the_rubric_with_steps_and_a_signal():
    advice = parse_advice(default_advice_text(), rubric())
    assert set(advice.items) == {c.id for c in rubric().capabilities}
    for item in advice.items.values():
        assert item.steps
        assert item.signal
        assert item.why
        assert item.cites


def test_registry_comes_before_deployment_and_tracking_before_lineage():
    advice = parse_advice(default_advice_text(), rubric())
    assert "model_registry" in advice.for_capability("automated_deployment").depends_on
    assert "experiment_tracking" in advice.for_capability("lineage").depends_on


FEATURE_STORE = 'capability = "feature_store"'
FEATURE_SHOP = 'capability = "feature_shop"'


def _edit(old: str, new: str) -> str:
    text = default_advice_text()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (FEATURE_STORE, FEATURE_SHOP, "unknown capability `feature_shop`"),
        (FEATURE_STORE, FEATURE_SHOP, "no advice for capability `feature_store`"),
        ('depends_on = ["source_control"]\nsignal = "At least 80% of pipeline runs',
         'depends_on = ["automated_training"]\nsignal = "At least 80% of pipeline runs',
         "dependency cycle"),
        ('effort = "S"', 'effort = "XL"', "effort must be S, M or L"),
        ("value = 3", "value = 7", "value must be an integer from 1 to 3"),
        ('depends_on = ["application_ci"]', 'depends_on = ["nope"]', "unknown capability `nope`"),
    ],
)  # fmt: skip
def test_a_broken_advice_set_is_refused_naming_the_problem(old, new, problem):
    with pytest.raises(AdviceError) as err:
        parse_advice(_edit(old, new), rubric())
    assert any(problem in p for p in err.value.problems), err.value.problems


def test_a_cycle_is_reported_with_its_path():
    text = _edit(
        'depends_on = ["source_control"]\nsignal = "At least 80% of pipeline runs',
        'depends_on = ["automated_training"]\nsignal = "At least 80% of pipeline runs',
    )
    with pytest.raises(AdviceError) as err:
        parse_advice(text, rubric())
    cycle = next(p for p in err.value.problems if "cycle" in p)
    assert "data_pipeline_automation" in cycle
    assert "automated_training" in cycle


def test_invalid_toml_is_one_clear_error():
    with pytest.raises(AdviceError, match="not valid TOML"):
        parse_advice("version = ", rubric())
