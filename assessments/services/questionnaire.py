"""Writes of the questionnaire: rounds, answers, submissions and stored scorecards.

Every function checks permissions through `tenancy.access`: members, leads
and org admins answer; leads and org admins open and close rounds; viewers
never change anything.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction

from assessments.models import Answer, AssessmentResponse, AssessmentRound, ScorecardSnapshot
from assessments.questionnaire import rules as questionnaire
from assessments.rubric import loader
from assessments.rubric.scorecard import AnswerValue, NotApplicable
from assessments.scorecards.codec import scorecard_to_data
from assessments.selectors.questionnaire import response_answers, round_latest, rubric_for_round
from assessments.selectors.scorecards import scorecard_for_team
from mlops_site import clock
from mlops_site.errors import DomainError
from tenancy import access as tenancy
from tenancy.access import AnyUser
from tenancy.models import Team


def _require_answerer(user: AnyUser, team: Team) -> None:
    if not tenancy.can_change_team(user, team):
        raise PermissionDenied("Only the team's members, leads and organisation admins answer.")


def _require_manager(user: AnyUser, team: Team) -> None:
    if not tenancy.can_manage_team(user, team):
        raise PermissionDenied("Only team leads and organisation admins open and close rounds.")


def _open_round_locked(team: Team) -> AssessmentRound:
    round_ = (
        AssessmentRound.objects.select_for_update()
        .filter(team=team, status=AssessmentRound.Status.OPEN)
        .first()
    )
    if round_ is None:
        raise DomainError("No assessment round is open for this team; a team lead opens one.")
    return round_


@transaction.atomic
def assessment_round_open(*, team: Team, user: AnyUser) -> AssessmentRound:
    """Open a round with the current rubric; the open round, if there is one already."""
    _require_manager(user, team)
    existing = AssessmentRound.objects.filter(team=team, status=AssessmentRound.Status.OPEN).first()
    if existing is not None:
        return existing
    return AssessmentRound.objects.create(
        team=team, rubric_version=loader.get_rubric(None).version, opened_by_id=user.pk
    )


def _response_locked(round_: AssessmentRound, user: AnyUser) -> AssessmentResponse:
    response, _ = AssessmentResponse.objects.select_for_update().get_or_create(
        round=round_, respondent_id=user.pk
    )
    return response


def _store(response: AssessmentResponse, question_id: str, value: AnswerValue) -> Answer:
    """Create or update one answer; an unchanged answer is left alone (idempotent saves)."""
    na = isinstance(value, NotApplicable)
    fields = {
        "option_id": "" if na else str(value),
        "not_applicable": na,
        "justification": value.justification.strip() if isinstance(value, NotApplicable) else "",
    }
    answer = Answer.objects.filter(response=response, question_id=question_id).first()
    if answer is None:
        return Answer.objects.create(response=response, question_id=question_id, **fields)
    if any(getattr(answer, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(answer, k, v)
        answer.save()
    return answer


@transaction.atomic
def answers_save(
    *, team: Team, user: AnyUser, answers: Mapping[str, AnswerValue]
) -> AssessmentResponse:
    """Save several answers to the open round, all or none: any invalid answer raises a
    DomainError whose field_errors name each question, and nothing is stored."""
    _require_answerer(user, team)
    round_ = _open_round_locked(team)
    response = _response_locked(round_, user)
    rubric = rubric_for_round(round_)
    errors = questionnaire.answers_errors(rubric, answers, response_answers(response))
    if errors:
        raise DomainError("Some answers could not be saved.", field_errors=errors)
    for question_id, value in answers.items():
        _store(response, question_id, value)
    response.save(update_fields=["updated_at"])
    return response


def answer_save(*, team: Team, user: AnyUser, question_id: str, value: AnswerValue) -> Answer:
    """Save one answer to the open round (validated against the round's rubric version)."""
    try:
        response = answers_save(team=team, user=user, answers={question_id: value})
    except DomainError as error:
        if question_id in error.field_errors:
            raise DomainError(error.field_errors[question_id][0]) from None
        raise
    return response.answers.get(question_id=question_id)


@transaction.atomic
def assessment_response_submit(*, team: Team, user: AnyUser) -> AssessmentResponse:
    """Submit the person's response in the open round; unanswered questions count as unknown."""
    _require_answerer(user, team)
    round_ = _open_round_locked(team)
    response = _response_locked(round_, user)
    if response.status != AssessmentResponse.Status.SUBMITTED:
        response.status = AssessmentResponse.Status.SUBMITTED
        response.submitted_at = clock.now()
        response.save(update_fields=["status", "submitted_at", "updated_at"])
    return response


@transaction.atomic
def assessment_import(
    *, team: Team, user: AnyUser, answers: Mapping[str, AnswerValue]
) -> AssessmentResponse:
    """Answers from the API (spreadsheets, automation): saved all or none, then submitted."""
    if not answers:
        raise DomainError("Give at least one answer.")
    answers_save(team=team, user=user, answers=answers)
    return assessment_response_submit(team=team, user=user)


def _snapshot(
    team: Team, round_: AssessmentRound | None, user: AnyUser | None, window_days: int
) -> ScorecardSnapshot:
    scorecard = scorecard_for_team(team, window_days=window_days)
    return ScorecardSnapshot.objects.create(
        team=team,
        round=round_,
        rubric_version=scorecard.rubric_version,
        window_days=scorecard.window_days,
        computed_by_id=user.pk if user is not None and user.is_authenticated else None,
        scorecard=scorecard_to_data(scorecard),
    )


@transaction.atomic
def assessment_round_close(
    *, team: Team, user: AnyUser, window_days: int = 90
) -> ScorecardSnapshot:
    """Close the open round and store the team's scorecard from its submitted responses."""
    _require_manager(user, team)
    round_ = _open_round_locked(team)
    if not round_.responses.filter(status=AssessmentResponse.Status.SUBMITTED).exists():
        raise DomainError("Nobody has submitted a response yet; the round stays open.")
    round_.status = AssessmentRound.Status.CLOSED
    round_.closed_by_id = user.pk
    round_.closed_at = clock.now()
    round_.save(update_fields=["status", "closed_by", "closed_at"])
    return _snapshot(team, round_, user, window_days)


@transaction.atomic
def scorecard_recompute(
    *, team: Team, user: AnyUser | None = None, window_days: int = 90
) -> ScorecardSnapshot:
    """Store a fresh scorecard for the team (new evidence, say). `user` None is the
    platform itself (admin console, scheduled work); a person must manage the team."""
    if user is not None:
        _require_manager(user, team)
    return _snapshot(team, round_latest(team), user, window_days)
