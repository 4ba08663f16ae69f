"""Run a reference pipeline over N simulated days and print what happened.

The task functions run in this process, one after another (the same service
calls the Celery tasks make, not Celery's eager mode), so the command needs no
worker and its output is ready when it returns. Telemetry goes to
TELEMETRY_BASE_URL like any outside pipeline's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pipelines.models import ReferencePipeline, Status
from pipelines.selectors import pipeline_summary
from pipelines.services import clock, runs, setup
from pipelines.services.plans import MANUAL_STEPS
from tenancy.models import Team


class Command(BaseCommand):
    help = "Run a reference pipeline of a maturity level over N simulated days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--level", type=int, choices=(0, 1, 2), required=True)
        parser.add_argument("--team", required=True, help="team slug")
        parser.add_argument(
            "--org", default="", help="organisation slug, if the team slug is ambiguous"
        )
        parser.add_argument("--days", type=int, default=7, help="simulated days to advance")
        parser.add_argument("--pipeline", default="", help="pipeline slug (default by level)")

    def handle(self, *args: Any, **options: Any) -> None:
        team = self._team(options["team"], options["org"])
        level, days = options["level"], options["days"]
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        slug = options["pipeline"] or f"bike-demand-level-{level}"
        pipeline = ReferencePipeline.objects.filter(team=team, slug=slug).first()
        if pipeline is None:
            pipeline = setup.pipeline_create(team=team, level=level, slug=slug, bootstrap=False)
            self.stdout.write(f"Created pipeline {pipeline.slug} (level {level}) for {team}.")
        if level == 0:
            self._manual_run(pipeline)
        else:
            setup.pipeline_bootstrap(pipeline_id=pipeline.pk)
        target = pipeline.clock_date + timedelta(days=days)
        clock.clock_advance(pipeline_id=pipeline.pk, until=target)
        self._print(pipeline_summary(ReferencePipeline.objects.get(pk=pipeline.pk)))

    def _team(self, slug: str, org: str) -> Team:
        teams = Team.objects.filter(slug=slug, **({"organization__slug": org} if org else {}))
        found = list(teams.select_related("organization")[:2])
        if not found:
            raise CommandError(f"No team {slug!r}.")
        if len(found) > 1:
            raise CommandError("Several organisations have this team slug: add --org.")
        return found[0]

    def _manual_run(self, pipeline: ReferencePipeline) -> None:
        """A person runs each script in turn."""
        run = runs.run_create(pipeline=pipeline, trigger="manual", queue=False)
        for name, _ in MANUAL_STEPS:
            runs.run_execute(run_id=run.pk, only_step=name)
            run.refresh_from_db()
            if run.status == Status.FAILED:
                break

    def _print(self, summary: dict[str, Any]) -> None:
        for key, value in summary.items():
            self.stdout.write(f"{key}: {value}")
