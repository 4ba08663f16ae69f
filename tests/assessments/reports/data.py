"""Database fixtures for report pages: assessed teams with answers, snapshots and events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.contrib.auth.models import User

from assessments.models import Answer, AssessmentResponse, AssessmentRound
from assessments.rubric.loader import get_rubric
from assessments.services.questionnaire import scorecard_recompute
from mlops_site import clock
from telemetry.models import Event
from tenancy.models import Team
from tests.assessments.scoring.profiles import meeting


def submitted_round(
    team: Team,
    people: Iterable[User],
    met: Iterable[str] = (),
    context: Mapping[str, str] | None = None,
) -> AssessmentRound:
    """A closed round in which each person submitted answers meeting exactly `met`."""
    rubric = get_rubric()
    now = clock.now()
    round_ = AssessmentRound.objects.create(
        team=team, rubric_version=rubric.version, status="closed", closed_at=now
    )
    answers = {**meeting(rubric, list(met)), **(context or {})}
    for person in people:
        response = AssessmentResponse.objects.create(
            round=round_, respondent=person, status="submitted", submitted_at=now
        )
        Answer.objects.bulk_create(
            Answer(response=response, question_id=q, option_id=str(v)) for q, v in answers.items()
        )
    return round_


def snapshot(team: Team) -> None:
    scorecard_recompute(team=team)


def events(
    team: Team, type_: str, count: int, *, start: datetime | None = None, **attrs: object
) -> None:
    """`count` events of one type, one a day from `start` (default: count days ago)."""
    start = start or clock.now() - timedelta(days=count)
    Event.objects.bulk_create(
        Event(
            organization_id=team.organization_id, team=team, event_id=f"{type_}-{start:%j}-{n}",
            type=type_, occurred_at=start + timedelta(days=n), environment="production",
            model_name="fraud-model", attributes=dict(attrs), body_hash="x" * 64,
        )
        for n in range(count)
    )  # fmt: skip
