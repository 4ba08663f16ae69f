"""The API does what its OpenAPI schema says: schemathesis, every check on, against a
live gunicorn with an API token, over a team with answers, telemetry and a trained
reference pipeline.

Generation is deterministic and bounded, so a run is repeatable and takes a minute
or two; any failure fails the test with schemathesis's report.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assessments.rubric.loader import get_rubric
from assessments.services import questionnaire as q_services
from pipelines.models import ReferencePipeline
from pipelines.services import runs, serving, setup
from telemetry.models import Event
from tenancy.models import Team
from tenancy.services.tokens import token_issue
from tests import worker
from tests.answers import answers_claiming
from tests.conftest import World
from tests.web import gunicorn

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
#: Test cases per operation and phase: enough to reach every documented answer,
#: few enough for a run of about a minute on two cores.
MAX_EXAMPLES = 25


def test_every_answer_of_the_api_is_documented_and_has_the_documented_shape(
    world: World, tmp_path: Path, settings: Any
):
    # The schema's examples send events for `fraud-detection`: they are meant to be valid.
    events_team = Team.objects.create(
        organization=world.org, slug="fraud-detection", name="Fraud detection"
    )
    tokens = {
        "SCHEMATHESIS_TOKEN": token_issue(organization=world.org, name="reader").secret,
        # Events are sent with a token limited to one team, as pipelines send them: an
        # organisation's token must name the team in each event, which a schema cannot say.
        "SCHEMATHESIS_EVENTS_TOKEN": token_issue(
            organization=world.org, name="pipeline", team=events_team
        ).secret,
    }
    # Cases must reach the events API's logic whatever minute they fall in: a 429 once
    # a token's minute is used up would make runs differ (the limit has its own tests).
    unlimited = str(10**9)
    with gunicorn(tmp_path / "gunicorn.log", TELEMETRY_RATE_PER_MINUTE=unlimited) as base:
        settings.TELEMETRY_BASE_URL = base
        pipeline = _trained_pipeline(world)
        _answered(world)
        config = tmp_path / "schemathesis.toml"
        # `churn` exists, in another organisation: the token must get a 404 for it.
        teams = ["fraud", "fraud-detection", "churn"]
        config.write_text(_config(teams=teams, pipeline=pipeline))
        variables = {**tokens, "SCHEMATHESIS_EVENTS_TEAM": events_team.slug}
        result = _schemathesis(base, config, variables, tmp_path)
    report = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"schemathesis found failures:\n{report}", pytrace=False)
    # Every operation of the schema was run, not skipped for want of a way to call it.
    selected = re.search(r"Selected: (\d+)/\1\s+Tested: \1\n", report)
    assert selected, report


def _trained_pipeline(world: World) -> ReferencePipeline:
    """A level-1 pipeline with a model in production; its telemetry goes to the server."""
    pipeline = setup.pipeline_create(
        team=world.team, level=1, params={"max_iter": 40}, bootstrap=False
    )
    run = runs.run_create(pipeline=pipeline, trigger="manual", queue=False)
    runs.run_execute(run_id=run.pk)
    # Predictions reach the model, and the metrics and evidence have events to count.
    assert serving.live_routes(pipeline).stable is not None
    assert Event.objects.filter(team=world.team).exists()
    return pipeline


def _answered(world: World) -> None:
    q_services.assessment_round_open(team=world.team, user=world.lead)
    claims = {"source_control": "met", "automated_deployment": "not_met"}
    answers = answers_claiming(get_rubric(), claims)
    q_services.assessment_import(team=world.team, user=world.lead, answers=answers)


def _config(*, teams: list[str], pipeline: ReferencePipeline) -> str:
    """Path parameters drawn mostly from what exists, so cases reach the views' logic;
    the rest are generated, for the 404s."""
    return f"""
headers = {{ Authorization = "Bearer ${{SCHEMATHESIS_TOKEN}}" }}

[dictionaries.teams]
values = {json.dumps(teams)}

[dictionaries.pipelines]
values = {json.dumps([pipeline.slug])}

[parameters]
"path.team" = {{ dictionary = "teams", probability = 0.9 }}
"path.pipeline" = {{ dictionary = "pipelines", probability = 0.9 }}

[[operations]]
include-path = "/api/v1/events"
headers = {{ Authorization = "Bearer ${{SCHEMATHESIS_EVENTS_TOKEN}}" }}
"""


def _schemathesis(
    base: str, config: Path, variables: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    command = [
        str(SCHEMATHESIS), "--config-file", str(config), "run", f"{base}/api/schema/",
        "--checks", "all", "--generation-deterministic", "--max-examples", str(MAX_EXAMPLES),
        "--workers", "1", "--request-timeout", "30", "--no-color",
        # No NUL characters: the database cannot store them, and the API says it refuses
        # them in text, where a schema cannot (in the keys of free-form attributes).
        "--generation-allow-x00", "false",
    ]  # fmt: skip
    environment = {
        **os.environ,
        **variables,
        "SCHEMATHESIS_HOOKS": "tests.integration.schemathesis_hooks",
        "PYTHONPATH": str(worker.BASE_DIR),
    }
    return subprocess.run(
        command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=900
    )
