"""A team's scorecard: its latest round's submitted answers, scored with that round's rubric."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
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
    """The scorecard a team is shown, with where it came from: the live scorecard of
    `round`, or the one stored when `round` closed (`stored` set). `respondents == 0`
    means nobody has submitted answers in it (or there is no round)."""

    scorecard: Scorecard
    round: AssessmentRound | None
    #: The rubric the scorecard was scored with; None for a version no longer shipped.
    rubric: Rubric | None
    stored: ScorecardSnapshot | None = None
    latest_round: AssessmentRound | None = None

    @property
    def stored_at(self) -> datetime | None:
        return self.stored.computed_at if self.stored else None


def team_scorecard(team: Team, *, window_days: int = 90) -> TeamScorecard:
    """The live scorecard: the latest round's submitted answers, scored with its rubric."""
    round_ = round_latest(team)
    rubric = rubric_for_round(round_)
    return _scored(team, round_, rubric, window_days)


def _scored(
    team: Team, round_: AssessmentRound | None, rubric: Rubric, window_days: int
) -> TeamScorecard:
    responses = submitted_answer_sets(round_, rubric) if round_ else []
    evidence = telemetry_evidence(team, window_days=window_days, rubric=rubric)
    scorecard = score(rubric, responses, evidence, window_days=window_days)
    return TeamScorecard(scorecard=scorecard, round=round_, rubric=rubric, latest_round=round_)


def scorecard_for_team(team: Team, *, window_days: int = 90) -> Scorecard:
    """Score the team's latest round (its submitted responses) with that round's rubric."""
    return team_scorecard(team, window_days=window_days).scorecard


def team_scorecard_shown(team: Team, *, window_days: int = 90) -> TeamScorecard:
    """What the result page, the scorecard API, the report and its exports show: the live
    scorecard of the latest round or, while nobody has submitted in it, the scorecard
    stored when the previous round closed.

    A stored scorecard is shown as stored, under the rubric version it names, even when
    that version is no longer shipped. A latest round whose version is no longer shipped
    is not rescored under another version (its answers name that version's questions):
    its stored scorecard is shown; without one, only telemetry is scored, under the
    current rubric, and the scorecard says nobody's answers count.
    """
    round_ = round_latest(team)
    rubric = _rubric_or_none(round_.rubric_version) if round_ else loader.get_rubric()
    live = _scored(team, round_, rubric, window_days) if rubric else None
    if live is None or live.scorecard.respondents == 0:
        stored = _stored_latest(team)
        if stored is not None:
            card = scorecard_from_data(stored.scorecard)
            rubric_of_card = _rubric_or_none(card.rubric_version)
            return TeamScorecard(card, stored.round, rubric_of_card, stored, round_)
    if live is None:
        return replace(_scored(team, None, loader.get_rubric(), window_days), latest_round=round_)
    return live


def _stored_latest(team: Team) -> ScorecardSnapshot | None:
    """The scorecard stored when the team's last round closed (the newest one with a round)."""
    snapshots = ScorecardSnapshot.objects.filter(team=team, round__isnull=False)
    return snapshots.select_related("round").first()


def scorecard_page(team: Team) -> dict[str, Any]:
    """What the result page shows: the scorecard `team_scorecard_shown` chooses."""
    shown = team_scorecard_shown(team)
    card, rubric = shown.scorecard, shown.rubric
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
        "round": shown.round,
        "stored": shown.stored,
        "latest_round": shown.latest_round,
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
