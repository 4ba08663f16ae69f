"""The invariant of the reference workflows: a team fed only by the level-N workflow shows,
for the practices telemetry can show, Google level N and the matching Azure level.

Method: the workflow runs for real on a Celery worker and sends its telemetry over HTTP to
this app's live server with its own token. A team lead then imports answers claiming only
the practices telemetry cannot show (managed compute, the people practices, the feature
store) as met, so those are met for gating and every level is decided by the telemetry of
the observable practices: with no claim on them, evidence met is met, evidence not_met is
not met and insufficient evidence is unknown (not met).

After the first runs the code moves on to a second commit (a new worker picks it up), as a
team's code does over the window: CI on every change can only be seen across changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.rubric.loader import get_rubric
from assessments.selectors.scorecards import scorecard_for_team
from assessments.services import questionnaire as q_services
from jobs.models import Job
from pipelines.models import Level, PipelineRun, ReferencePipeline, Status
from pipelines.services import actions, setup
from tests.answers import answers_claiming
from tests.conftest import UNREACHABLE
from tests.pipelines.conftest import NEXT_COMMIT
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

#: Few boosting iterations, so a training takes about a second.
FAST = {"max_iter": 40}
#: Google level of the workflow -> (its Google level, the Azure levels that match it).
EXPECTED = {0: (0, {0, 1}), 1: (1, {2}), 2: (2, {4})}
TIMEOUT = 300


@pytest.fixture
def telemetry_to_live_server(request, live_server, settings) -> None:
    problems = request.config.stash.get(UNREACHABLE, [])
    if problems:
        pytest.skip("configured services unreachable: " + "; ".join(problems))
    settings.TELEMETRY_BASE_URL = live_server.url


def _finished_job(job: Job) -> bool:
    job.refresh_from_db()
    return job.is_finished


def _all_runs_finished(pipeline: ReferencePipeline, at_least: int) -> bool:
    runs = PipelineRun.objects.filter(pipeline=pipeline)
    return (
        runs.count() >= at_least
        and not runs.exclude(status__in=(Status.SUCCEEDED, Status.FAILED)).exists()
    )


def _advance(pipeline: ReferencePipeline, days: int) -> None:
    pipeline.refresh_from_db()
    job = actions.clock_advance_start(pipeline=pipeline, days=days)
    assert wait_for(lambda: _finished_job(job), timeout=TIMEOUT), job.status
    assert job.status == Job.Status.SUCCEEDED, job.error


def _step_done(step) -> bool:
    step.refresh_from_db()
    return step.status in (Status.SUCCEEDED, Status.FAILED)


def _manual_run(pipeline: ReferencePipeline) -> None:
    """A person starts each script of the level-0 run in turn, from the pipeline page."""
    run = actions.run_start(pipeline=pipeline)
    for step in run.steps.order_by("position"):
        actions.manual_step_start(pipeline=pipeline)
        assert wait_for(lambda step=step: _step_done(step), timeout=TIMEOUT), step.name
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED


def _start(team, level: int) -> ReferencePipeline:
    """The level's first runs: a person's run at level 0, the bootstrap runs otherwise."""
    pipeline = setup.pipeline_create(team=team, level=level, params=dict(FAST))
    if level == Level.MANUAL:
        _manual_run(pipeline)
    else:
        assert wait_for(lambda: _all_runs_finished(pipeline, 2), timeout=TIMEOUT)
    return pipeline


def _feed(pipeline: ReferencePipeline, level: int) -> ReferencePipeline:
    """The level's workflow over a few simulated days; level 2 also meets a drift."""
    if level == Level.MANUAL:
        _advance(pipeline, 2)
        return pipeline
    _advance(pipeline, 4)
    if level == Level.CICD:
        setup.fault_inject(pipeline=pipeline, fault=ReferencePipeline.Fault.DRIFT)
        _advance(pipeline, 1)
    assert wait_for(lambda: _all_runs_finished(pipeline, 3), timeout=TIMEOUT)
    return pipeline


def _claim_unobservable_practices(world) -> None:
    rubric = get_rubric()
    unobservable = {c.id: "met" for c in rubric.capabilities if c.id not in rubric.evidence}
    q_services.assessment_round_open(team=world.team, user=world.lead)
    q_services.assessment_import(
        team=world.team, user=world.lead, answers=answers_claiming(rubric, unobservable)
    )


def states(card) -> str:
    return ", ".join(f"{c}={s.state}/{s.evidence}" for c, s in sorted(card.capabilities.items()))


@pytest.mark.parametrize("level", [0, 1, 2])
def test_a_team_fed_by_the_level_n_workflow_is_assessed_at_google_n_and_the_matching_azure(
    world, telemetry_to_live_server, tmp_path: Path, settings, level: int
):
    with celery_worker(tmp_path / "worker.log"):
        pipeline = _start(world.team, level)
    settings.PIPELINES_CODE_VERSION = NEXT_COMMIT
    with celery_worker(tmp_path / "worker-next-commit.log"):
        _feed(pipeline, level)
    _claim_unobservable_practices(world)

    card = scorecard_for_team(world.team)

    print(f"level {level}: {states(card)}")  # the states behind the levels, with -rP
    google, azure = EXPECTED[level]
    found = (card.frameworks["google"].assessed_level, card.frameworks["azure"].assessed_level)
    assert found[0] == google, f"{found}: {states(card)}"
    assert found[1] in azure, f"{found}: {states(card)}"
