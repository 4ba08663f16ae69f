"""The end-to-end invariant: with every practice claimed, each reference pipeline's
telemetry places it at its own level (Google 0/1/2, Azure 0/2/4).

The code moves on to a second commit after the first runs, as a team's code does over
the window: CI on every change can only be seen across changes.

Needs the evidence rules and the scoring engine; skipped where they are absent.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipelines.services import clock, runs, setup
from pipelines.services.plans import MANUAL_STEPS
from telemetry.services import telemetry_ingest
from tenancy.models import ApiToken
from tests.pipelines.conftest import make_pipeline

evidence = pytest.importorskip("assessments.evidence")
scoring = pytest.importorskip("assessments.scoring")
loader = pytest.importorskip("assessments.rubric.loader")

pytestmark = [pytest.mark.dated, pytest.mark.django_db]


def _claim_everything() -> dict[str, str]:
    rubric = loader.get_rubric()
    return {
        q.id: max(q.options, key=lambda o: o.score).id
        for q in rubric.questions
        if q.options and not getattr(q, "context", False)
    }


@pytest.mark.parametrize(("level", "google", "azure"), [(0, 0, 0), (1, 1, 2), (2, 2, 4)])
def test_each_level_is_placed_at_its_own_level(world, collector, next_commit, level, google, azure):
    pipeline = make_pipeline(world.team, level)
    if level == 0:
        run = runs.run_create(pipeline=pipeline, trigger="manual", queue=False)
        for name, _ in MANUAL_STEPS:
            runs.run_execute(run_id=run.pk, only_step=name)
    else:
        setup.pipeline_bootstrap(pipeline_id=pipeline.pk)
    next_commit()
    clock.clock_advance(pipeline_id=pipeline.pk, until=pipeline.clock_date + timedelta(days=7))
    telemetry_ingest(
        token=ApiToken.objects.get(team=world.team), payload={"events": collector.events}
    )

    found = evidence.evidence_for_team(world.team, window_days=90)
    card = scoring.score(loader.get_rubric(), [_claim_everything()], found, window_days=90)

    assert card.frameworks["google"].assessed_level == google
    assert card.frameworks["azure"].assessed_level == azure
