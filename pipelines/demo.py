"""The pipelines' part of the demo: each demo team is fed by one reference workflow.

`seed_demo` stores the organisation, then sends `assessments.demo.seed.demo_seeded`; here each
team gets its pipeline once, and one background job (shown with its progress on the
pipeline page) runs its first runs and a few simulated days in the worker, sending
telemetry to the app like any outside pipeline.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from assessments.services.questionnaire import scorecard_recompute
from jobs import handlers as jobs
from jobs.services import job_create
from pipelines.jobs import advance_clock
from pipelines.models import Level, ReferencePipeline, Status
from pipelines.services import runs, setup
from pipelines.services.plans import MANUAL_STEPS
from tenancy.models import Organization, Team

#: Demo team -> the maturity level of the workflow that feeds it.
DEMO_LEVELS = {"recommendations": 0, "fraud-detection": 1, "demand-forecasting": 2}
#: Simulated days after the first runs: enough for retraining on new data and for a
#: canary to be judged, small enough to finish in a minute or two on two cores.
DEMO_DAYS = 5
JOB_KIND = "pipelines.demo_feed"


def demo_pipelines_seed(
    *, organization: Organization, teams: dict[str, Team], **_: Any
) -> list[ReferencePipeline]:
    """Receiver of `demo_seeded`: a pipeline and its feeding job per team, never twice."""
    created = []
    for slug, level in DEMO_LEVELS.items():
        team = teams.get(slug)
        if team is None or ReferencePipeline.objects.filter(team=team).exists():
            continue
        created.append(_pipeline_with_job(organization, team, level))
    return created


@transaction.atomic
def _pipeline_with_job(organization: Organization, team: Team, level: int) -> ReferencePipeline:
    pipeline = setup.pipeline_create(team=team, level=level, bootstrap=False)
    job_create(
        kind=JOB_KIND,
        organization=organization,
        params={
            "pipeline_id": pipeline.pk,
            "from": pipeline.clock_date.isoformat(),
            "until": (pipeline.clock_date + timedelta(days=DEMO_DAYS)).isoformat(),
        },
    )
    return pipeline


@jobs.register(JOB_KIND, time_limit=3600)
def demo_feed(params: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    """First runs (a person's manual run at level 0), then the simulated days; level 2
    meets a data drift on the last day. Safe to redo: nothing done is done again."""
    pipeline = ReferencePipeline.objects.select_related("team").get(pk=int(params["pipeline_id"]))
    progress(1, "First runs")
    if pipeline.level == Level.MANUAL:
        _manual_run(pipeline)
    else:
        setup.pipeline_bootstrap(pipeline_id=pipeline.pk)
    until = date.fromisoformat(params["until"])
    if pipeline.level == Level.CICD:
        advance_clock({**params, "until": (until - timedelta(days=1)).isoformat()}, progress)
        if not pipeline.runs.filter(alert__isnull=False).exists():
            setup.fault_inject(pipeline=pipeline, fault=ReferencePipeline.Fault.DRIFT)
    result = advance_clock(params, progress)
    # The round was closed before any telemetry: store the scorecard that weighs it too,
    # so the report's history shows what the evidence changed.
    scorecard_recompute(team=pipeline.team)
    return result


def _manual_run(pipeline: ReferencePipeline) -> None:
    """A person runs each script in turn, once."""
    if pipeline.runs.exists():
        return
    run = runs.run_create(pipeline=pipeline, trigger="manual", queue=False)
    for name, _ in MANUAL_STEPS:
        runs.run_execute(run_id=run.pk, only_step=name)
        run.refresh_from_db()
        if run.status == Status.FAILED:
            break
