"""A team's scorecard: its latest round's submitted answers, scored with that round's rubric."""

from __future__ import annotations

from dataclasses import dataclass

from assessments import questionnaire
from assessments.models import AssessmentResponse, AssessmentRound, Team
from assessments.rubric.scorecard import AnswerValue, Scorecard
from assessments.rubric.types import EvidenceResult, Rubric
from assessments.scoring import score
from assessments.selectors.questionnaire import round_latest, rubric_for_round


def telemetry_evidence(
    team: Team, *, window_days: int, rubric: Rubric
) -> dict[str, EvidenceResult]:
    """Where telemetry evidence plugs into the scorecard.

    Returns no evidence, so every claim stands unverified, until it is wired to
    `assessments.evidence.evidence_for_team(team, window_days=..., rubric=...)`.
    """
    return {}


def submitted_answer_sets(round_: AssessmentRound, rubric: Rubric) -> list[dict[str, AnswerValue]]:
    """Each submitted response's answers that count (hidden questions dropped), in one query."""
    responses = AssessmentResponse.objects.filter(
        round=round_, status=AssessmentResponse.Status.SUBMITTED
    ).prefetch_related("answers")
    return [
        questionnaire.effective_answers(rubric, {a.question_id: a.value for a in r.answers.all()})
        for r in responses
    ]


@dataclass(frozen=True)
class TeamScorecard:
    """The scorecard with where it came from; `scorecard.respondents == 0` means nobody
    has submitted answers in `round` yet (or there is no round)."""

    scorecard: Scorecard
    round: AssessmentRound | None


def team_scorecard(team: Team, *, window_days: int = 90) -> TeamScorecard:
    round_ = round_latest(team)
    rubric = rubric_for_round(round_)
    responses = submitted_answer_sets(round_, rubric) if round_ else []
    evidence = telemetry_evidence(team, window_days=window_days, rubric=rubric)
    scorecard = score(rubric, responses, evidence, window_days=window_days)
    return TeamScorecard(scorecard=scorecard, round=round_)


def scorecard_for_team(team: Team, *, window_days: int = 90) -> Scorecard:
    """Score the team's latest round (its submitted responses) with that round's rubric."""
    return team_scorecard(team, window_days=window_days).scorecard
