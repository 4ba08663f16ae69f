"""A team's scorecard: its latest round's submitted answers, scored with that round's rubric."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessments.evidence import evidence_for_team
from assessments.models import AssessmentResponse, AssessmentRound, ScorecardSnapshot
from assessments.questionnaire import rules as questionnaire
from assessments.rubric import loader
from assessments.rubric.scorecard import AnswerValue, Scorecard
from assessments.rubric.types import EvidenceResult, Rubric
from assessments.scorecards.codec import scorecard_from_data
from assessments.scoring import score
from assessments.selectors.questionnaire import round_latest, rubric_for_round
from tenancy.models import Team


def telemetry_evidence(
    team: Team, *, window_days: int, rubric: Rubric
) -> dict[str, EvidenceResult]:
    """The team's telemetry evidence over the window, by the rules of the scored rubric."""
    return evidence_for_team(team, window_days=window_days, rubric=rubric)


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


def scorecard_page(team: Team) -> dict[str, Any]:
    """What the result page shows: the live scorecard of the latest round or, while
    nobody has submitted in it, the scorecard stored when the previous round closed."""
    scored = team_scorecard(team)
    card, round_, stored = scored.scorecard, scored.round, None
    if card.respondents == 0:
        stored = ScorecardSnapshot.objects.filter(team=team, round__isnull=False).first()
        if stored is not None:
            card, round_ = scorecard_from_data(stored.scorecard), stored.round
    rubric = _rubric_or_none(card.rubric_version)
    names = {c.id: c.name for c in rubric.capabilities} if rubric else {}
    frameworks = [
        {
            "id": fid,
            "name": rubric.frameworks[fid].name if rubric and fid in rubric.frameworks else fid,
            "score": fs,
            "blocking": [(c, names.get(c, c)) for c in fs.blocking],
        }
        for fid, fs in card.frameworks.items()
    ]
    return {
        "scorecard": card,
        "round": round_,
        "stored": stored,
        "latest_round": scored.round,
        "frameworks": frameworks,
        "capabilities": capability_rows(card, names),
        "has_evidence": any(c.evidence in ("met", "not_met") for c in card.capabilities.values()),
    }


#: How many event ids the result page lists per practice; the report lists them all.
EVENTS_SHOWN = 5


def capability_rows(card: Scorecard, names: dict[str, str]) -> list[dict[str, Any]]:
    """One row per practice: the assessed state with the claim and the evidence behind it."""
    return [
        {
            "id": cid,
            "name": names.get(cid, cid),
            "score": cs,
            "state": cs.state.replace("_", " "),
            "evidence": cs.evidence.replace("_", " ") if cs.evidence else "no rule",
            "events": cs.events[:EVENTS_SHOWN],
            "more_events": max(0, len(cs.events) - EVENTS_SHOWN),
        }
        for cid, cs in card.capabilities.items()
    ]


def _rubric_or_none(version: str) -> Rubric | None:
    """A stored scorecard may name a rubric version no longer shipped; it stays readable."""
    try:
        return loader.get_rubric(version)
    except LookupError:
        return None
