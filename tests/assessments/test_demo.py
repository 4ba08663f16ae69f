"""The demo content of `make run`: what `seed_demo` creates, and that a second run adds
nothing. The pipelines' feeding jobs are queued, not run: training belongs to the
integration tier."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from assessments.models import AssessmentResponse, AssessmentRound, ScorecardSnapshot
from assessments.selectors.scorecards import scorecard_for_team
from jobs.models import Job
from pipelines.demo import DEMO_LEVELS, JOB_KIND
from pipelines.models import ReferencePipeline
from tenancy.models import Membership, Team

pytestmark = pytest.mark.django_db

TEAMS = ("demand-forecasting", "fraud-detection", "recommendations")


def _counts() -> dict[str, int]:
    return {
        "teams": Team.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "rounds": AssessmentRound.objects.count(),
        "responses": AssessmentResponse.objects.count(),
        "snapshots": ScorecardSnapshot.objects.count(),
        "pipelines": ReferencePipeline.objects.count(),
        "jobs": Job.objects.count(),
    }


@pytest.fixture
def seeded(capsys) -> str:
    call_command("seed_demo")
    return capsys.readouterr().out


def test_each_demo_team_has_a_closed_round_answered_by_three_people(seeded):
    for slug in TEAMS:
        (round_,) = AssessmentRound.objects.filter(team__slug=slug)
        assert round_.status == AssessmentRound.Status.CLOSED
        statuses = set(round_.responses.values_list("status", flat=True))
        assert (round_.responses.count(), statuses) == (3, {"submitted"})
        assert ScorecardSnapshot.objects.filter(round=round_).count() == 1


def test_each_demo_team_is_fed_by_its_levels_workflow_through_a_queued_job(seeded):
    levels = dict(ReferencePipeline.objects.values_list("team__slug", "level"))
    assert levels == DEMO_LEVELS
    jobs = Job.objects.filter(kind=JOB_KIND, status=Job.Status.QUEUED)
    assert sorted(j.params["pipeline_id"] for j in jobs) == sorted(
        ReferencePipeline.objects.values_list("pk", flat=True)
    )


def test_seeding_again_adds_nothing(seeded, capsys):
    before = _counts()

    call_command("seed_demo")

    assert _counts() == before
    assert before["teams"] == 3
    assert before["users"] == 10  # the admin and three people per team


def test_only_the_admins_password_is_printed_and_demo_people_have_random_ones(seeded):
    people = User.objects.exclude(username="admin")
    assert all(p.has_usable_password() for p in people)
    assert not any(p.check_password(p.username) for p in people)
    assert "Password" in seeded
    assert not any(p.username in seeded for p in people)


@pytest.mark.parametrize(
    ("team", "disagreement", "unverified"),
    [
        ("recommendations", "source_control", "managed_compute"),
        ("fraud-detection", "progressive_delivery", "se_de_collaboration"),
        ("demand-forecasting", "monitoring_triggered_retraining", "production_feedback_markers"),
    ],
)
def test_demo_answers_disagree_and_stay_unverified_until_telemetry_arrives(
    seeded, team, disagreement, unverified
):
    card = scorecard_for_team(Team.objects.get(slug=team))

    assert disagreement in card.disagreements
    assert card.capabilities[unverified].unverified
    assert card.capabilities[unverified].state == "met"


def test_the_demo_seed_keeps_data_and_password_on_a_second_run(db, tmp_path, capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert Team.objects.filter(organization__slug="acme").count() == 3
    password = next(line.split()[-1] for line in first.splitlines() if "Password" in line)
    assert len(password) >= 12
    assert password in second
