"""Rubric 2026.2 in force beside 2026.1: old rounds keep their rubric, new ones use 2026.2,
and the issue's realistic cases are scored as the 2026.2 changelog says."""

from __future__ import annotations

import pytest

from assessments.evidence import evidence_for_team
from assessments.models import AssessmentRound, ScorecardSnapshot
from assessments.rubric.loader import get_rubric
from assessments.scorecards.codec import scorecard_to_data
from assessments.scoring import score
from assessments.selectors.rollup import Filters, organization_rollup
from assessments.selectors.scorecards import scorecard_for_team
from assessments.services import questionnaire as q_services
from mlops_site import clock as site_clock
from tests.answers import answers_claiming
from tests.assessments.events import NOW, E, store
from tests.conftest import World

pytestmark = [pytest.mark.dated, pytest.mark.django_db]

AZURE_1 = (
    "source_control",
    "data_pipeline_automation",
    "application_ci",
    "model_integration_tests",
)


def _ci_on_one_commit(world: World) -> None:
    """Application CI ran five times in the last days, always on the same commit."""
    attrs = {"scope": "application", "status": "passed", "commit": "c1"}
    store(
        world.team,
        [E(f"ci{n}", "ci_run", n + 1, attrs=attrs) for n in range(5)],
        now=site_clock.now(),
    )


def test_a_round_opened_under_2026_1_is_scored_by_2026_1_and_the_next_by_2026_2(world: World):
    AssessmentRound.objects.create(team=world.team, rubric_version="2026.1", opened_by=world.lead)
    old = answers_claiming(
        get_rubric("2026.1"), {"application_ci": "met", "continuous_training": "met"}
    )
    q_services.assessment_import(team=world.team, user=world.lead, answers=old)
    _ci_on_one_commit(world)

    before = q_services.assessment_round_close(team=world.team, user=world.lead)
    q_services.assessment_round_open(team=world.team, user=world.lead)
    new = answers_claiming(get_rubric("2026.2"), {"application_ci": "met"})
    q_services.assessment_import(team=world.team, user=world.lead, answers=new)
    after = scorecard_for_team(world.team)

    assert before.rubric_version == "2026.1"
    assert before.scorecard["capabilities"]["application_ci"]["state"] == "met"
    assert (
        "continuous_training_frequency"
        in before.scorecard["capabilities"]["continuous_training"]["answers"]
    )
    assert [r.rubric_version for r in world.team.assessment_rounds.all()] == ["2026.2", "2026.1"]
    assert after.rubric_version == "2026.2"
    assert after.capabilities["application_ci"].state == "contradicted"


def test_one_canary_among_forty_does_not_lift_a_team_that_replaces_at_once_to_azure_3(
    world: World,
):
    deployments = [
        E(
            f"d{n:02}",
            "deployment",
            80 - n * 1.5,
            model="fraud",
            environment="production",
            actor="pipeline",
            attrs={
                "version": str(n),
                "status": "succeeded",
                "strategy": "canary" if n == 20 else "replace",
            },
        )
        for n in range(1, 41)
    ]
    store(world.team, deployments)
    results = {}
    for version in ("2026.1", "2026.2"):
        rubric = get_rubric(version)
        claims = dict.fromkeys((c.id for c in rubric.capabilities), "met")
        answers = answers_claiming(rubric, claims) | {
            "progressive_delivery_first_use": "switch",
            "progressive_delivery_rollback": "complaints",
        }
        found = evidence_for_team(world.team, window_days=90, now=NOW, rubric=rubric)
        card = score(rubric, [answers], {"progressive_delivery": found["progressive_delivery"]})
        results[version] = card

    assert results["2026.1"].capabilities["progressive_delivery"].state == "met"
    assert results["2026.1"].frameworks["azure"].assessed_level == 4
    assert results["2026.2"].capabilities["progressive_delivery"].state == "not_met"
    assert results["2026.2"].frameworks["azure"].assessed_level == 2
    assert results["2026.2"].frameworks["google"].assessed_level == 0


def test_a_pipeline_started_by_hand_that_gathers_its_data_is_not_dropped_to_azure_0(
    world: World,
):
    attrs = {
        "trigger": "manual",
        "steps": [
            {"name": k, "kind": k, "status": "succeeded"}
            for k in ("data_ingestion", "data_validation", "training", "evaluation")
        ],
    }
    store(
        world.team,
        [E(f"p{n}", "pipeline_run", 3 * n + 1, run_id=f"p{n}", attrs=attrs) for n in range(8)],
    )
    levels = {}
    for version in ("2026.1", "2026.2"):
        rubric = get_rubric(version)
        answers = answers_claiming(rubric, dict.fromkeys(AZURE_1, "met"))
        found = evidence_for_team(world.team, window_days=90, now=NOW, rubric=rubric)
        card = score(
            rubric, [answers], {"data_pipeline_automation": found["data_pipeline_automation"]}
        )
        levels[version] = (
            card.capabilities["data_pipeline_automation"].state,
            card.frameworks["azure"].assessed_level,
        )

    assert levels == {"2026.1": ("contradicted", 0), "2026.2": ("met", 1)}


def _stored(world: World, team, version: str) -> None:
    rubric = get_rubric(version)
    round_ = AssessmentRound.objects.create(
        team=team, rubric_version=version, status="closed", closed_at=site_clock.now()
    )
    card = score(rubric, [answers_claiming(rubric, {"source_control": "met"})], {})
    ScorecardSnapshot.objects.create(
        team=team,
        round=round_,
        rubric_version=version,
        window_days=90,
        scorecard=scorecard_to_data(card),
    )


def test_the_roll_up_marks_teams_scored_with_different_rubric_versions(world: World):
    _stored(world, world.team, "2026.1")
    _stored(world, world.other_team, "2026.2")

    compare = Filters(compare=(world.team.slug, world.other_team.slug))
    rollup = organization_rollup(world.admin, world.org, compare)

    assert rollup.mixed_versions
    assert rollup.rubric_versions == {
        "2026.1": (world.team.name,),
        "2026.2": (world.other_team.name,),
    }
    assert rollup.comparison is not None
    assert rollup.comparison.rows[0] == ("Rubric version", ("2026.1", "2026.2"))
    assert rollup.heatmap is not None
    assert f"{world.team.name} (rubric 2026.1)" in str(rollup.heatmap)


def test_teams_on_one_rubric_version_are_not_marked(world: World):
    _stored(world, world.team, "2026.2")
    rollup = organization_rollup(world.admin, world.org, Filters())
    assert not rollup.mixed_versions
    assert "(rubric" not in str(rollup.heatmap)
