"""Reads for the questionnaire: rounds, a person's answers, what a page shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from assessments.models import AssessmentResponse, AssessmentRound, ScorecardSnapshot
from assessments.questionnaire import rules as questionnaire
from assessments.rubric import loader
from assessments.rubric.scorecard import Answers, AnswerValue, NotApplicable
from assessments.rubric.types import Question, Rubric
from tenancy import access as tenancy
from tenancy.access import AnyUser
from tenancy.models import Team

Errors = dict[str, list[str]]


def rubric_for_round(round_: AssessmentRound | None) -> Rubric:
    """The rubric version a round was opened with; the current one when there is no round."""
    return loader.get_rubric(round_.rubric_version if round_ else None)


def round_open(team: Team) -> AssessmentRound | None:
    return team.assessment_rounds.filter(status=AssessmentRound.Status.OPEN).first()


def round_latest(team: Team) -> AssessmentRound | None:
    return team.assessment_rounds.select_related("opened_by", "closed_by").first()


def response_for(round_: AssessmentRound, user: AnyUser) -> AssessmentResponse | None:
    if not user.is_authenticated:
        return None
    return (
        AssessmentResponse.objects.filter(round=round_, respondent_id=user.pk)
        .prefetch_related("answers")
        .first()
    )


def response_answers(response: AssessmentResponse | None) -> dict[str, AnswerValue]:
    """A response's answers by question id (uses prefetched answers when present)."""
    if response is None:
        return {}
    return {a.question_id: a.value for a in response.answers.all()}


@dataclass(frozen=True)
class RoundProgress:
    submitted: int
    drafts: int


def round_progress(round_: AssessmentRound) -> RoundProgress:
    counts = round_.responses.aggregate(
        submitted=Count("id", filter=Q(status=AssessmentResponse.Status.SUBMITTED)),
        drafts=Count("id", filter=Q(status=AssessmentResponse.Status.DRAFT)),
    )
    return RoundProgress(submitted=counts["submitted"], drafts=counts["drafts"])


def assessment_overview(user: AnyUser, team: Team) -> dict[str, Any]:
    """What the team page's Assessment area and the assessment page show."""
    round_ = round_latest(team)
    context: dict[str, Any] = {
        "round": round_,
        "can_change": tenancy.can_change_team(user, team),
        "can_manage": tenancy.can_manage_team(user, team),
        "latest_snapshot": ScorecardSnapshot.objects.filter(team=team).first(),
    }
    if round_ is not None:
        response = response_for(round_, user)
        rubric = rubric_for_round(round_)
        context.update(
            round_progress=round_progress(round_),
            my_response=response,
            my_progress=questionnaire.progress(rubric, response_answers(response)),
        )
    return context


@dataclass(frozen=True)
class QuestionRow:
    """One question as the page shows it, with this person's answer and errors."""

    question: Question
    option: str  # the chosen option id, questionnaire.NOT_APPLICABLE, or ""
    justification: str
    visible: bool
    errors: tuple[str, ...]
    allows_not_applicable: bool


@dataclass(frozen=True)
class SectionView:
    section: questionnaire.Section
    rows: tuple[QuestionRow, ...]


def _row(
    rubric: Rubric, question: Question, answers: Answers, visible: frozenset[str], errors: Errors
) -> QuestionRow:
    value = answers.get(question.id)
    return QuestionRow(
        question=question,
        option=questionnaire.NOT_APPLICABLE if isinstance(value, NotApplicable) else value or "",
        justification=value.justification if isinstance(value, NotApplicable) else "",
        visible=question.id in visible,
        errors=tuple(errors.get(question.id, ())),
        allows_not_applicable=questionnaire.allows_not_applicable(rubric, question),
    )


def questionnaire_page(
    user: AnyUser,
    team: Team,
    round_: AssessmentRound,
    *,
    posted: Answers | None = None,
    errors: Errors | None = None,
) -> dict[str, Any]:
    """Every section and question with this person's answers (what they just posted
    over what is saved, so nothing typed is lost on an error) and what is visible."""
    rubric = rubric_for_round(round_)
    response = response_for(round_, user)
    saved = response_answers(response)
    answers = {**saved, **(posted or {})}
    visible = questionnaire.visible_ids(rubric, answers)
    sections = [
        SectionView(s, tuple(_row(rubric, q, answers, visible, errors or {}) for q in s.questions))
        for s in questionnaire.sections(rubric)
    ]
    return {
        "round": round_,
        "rubric": rubric,
        "response": response,
        "sections": sections,
        "progress": questionnaire.progress(rubric, saved),
        "unanswered": questionnaire.unanswered(rubric, saved),
        "errors": errors or {},
        "can_manage": tenancy.can_manage_team(user, team),
    }
