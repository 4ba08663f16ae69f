"""Reads for the team report and its exports: the scorecard with its provenance (answers
and events), the roadmap, the history and the charts, in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from assessments.models import AdviceSet as AdviceSetRow
from assessments.models import AssessmentRound, ScorecardSnapshot
from assessments.reports import charts
from assessments.reports.advice import AdviceSet, default_advice_text, parse_advice
from assessments.reports.charts import Chart, MetricSeries
from assessments.reports.context import context_from_answers
from assessments.reports.history import History, Snapshot, history_build
from assessments.reports.roadmap import Roadmap, roadmap_build
from assessments.rubric.loader import get_rubric
from assessments.rubric.scorecard import AnswerValue, CapabilityScore, NotApplicable, Scorecard
from assessments.rubric.types import ASPECTS, Capability, Rubric
from assessments.scorecards.codec import scorecard_from_data
from assessments.selectors.report_metrics import delivery_metric_series
from assessments.selectors.scorecards import (
    TeamScorecard,
    submitted_answer_sets,
    team_scorecard_shown,
)
from mlops_site import clock
from telemetry.models import Event
from tenancy.models import Team

#: How many stored scorecards the history shows (the newest ones).
HISTORY_LIMIT = 60
_parsed: dict[tuple[int, str], AdviceSet] = {}


def advice_current() -> AdviceSet:
    """The newest published advice set (parsed once per version and process); the
    shipped default file when none is published."""
    row = AdviceSetRow.objects.order_by("-version").only("version", "content").first()
    if row is None:
        return parse_advice(default_advice_text(), get_rubric())
    key = (row.version, row.content)  # a fresh database may reuse a number
    if key not in _parsed:
        # Checked against the current rubric: a newer rubric that adds capabilities
        # needs new advice published, and says so loudly rather than skip them.
        _parsed[key] = parse_advice(row.content, get_rubric(), version=str(row.version))
    return _parsed[key]


@dataclass(frozen=True)
class EventLine:
    event_id: str
    type: str
    occurred_at: datetime
    where: str  # model, environment or pipeline, for people


@dataclass(frozen=True)
class AnswerLine:
    question: str
    choices: tuple[tuple[str, int], ...]  # option label (or n/a with reason), respondents


@dataclass(frozen=True)
class CapabilityView:
    capability: Capability
    score: CapabilityScore
    label: str  # the state in words
    answers: tuple[AnswerLine, ...]
    events: tuple[EventLine, ...]


def events_by_id(team: Team, ids: Iterable[str]) -> dict[str, EventLine]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = Event.objects.filter(team=team, event_id__in=wanted).only(
        "event_id", "type", "occurred_at", "model_name", "environment", "pipeline"
    )
    return {
        e.event_id: EventLine(
            e.event_id,
            e.type,
            e.occurred_at,
            " · ".join(x for x in (e.model_name, e.environment, e.pipeline) if x),
        )
        for e in rows
    }


def _answer_lines(
    rubric: Rubric, question_ids: Sequence[str], answer_sets: Sequence[Mapping[str, AnswerValue]]
) -> tuple[AnswerLine, ...]:
    lines = []
    for qid in question_ids:
        try:
            question = rubric.question(qid)
        except KeyError:
            continue
        labels = {o.id: o.label for o in question.options}
        chosen: Counter[str] = Counter()
        for answers in answer_sets:
            value = answers.get(qid)
            if isinstance(value, NotApplicable):
                chosen[f"Not applicable: {value.justification}"] += 1
            elif value is not None:
                chosen[labels.get(value, value)] += 1
        lines.append(AnswerLine(question.text, tuple(chosen.most_common())))
    return tuple(lines)


def capability_views(
    rubric: Rubric,
    scorecard: Scorecard,
    answer_sets: Sequence[Mapping[str, AnswerValue]],
    events: Mapping[str, EventLine],
) -> dict[str, CapabilityView]:
    return {
        cap.id: CapabilityView(
            capability=cap,
            score=scorecard.capabilities[cap.id],
            label=charts.STATE_STYLE[scorecard.capabilities[cap.id].state][1],
            answers=_answer_lines(rubric, scorecard.capabilities[cap.id].answers, answer_sets),
            events=tuple(events[e] for e in scorecard.capabilities[cap.id].events if e in events),
        )
        for cap in rubric.capabilities
        if cap.id in scorecard.capabilities
    }


def team_history(
    team: Team, current: Scorecard | None, round_: AssessmentRound | None
) -> list[Snapshot]:
    """Stored snapshots (newest HISTORY_LIMIT), oldest first, then today's scorecard if any."""
    rows = list(
        ScorecardSnapshot.objects.filter(team=team)
        .order_by("-computed_at", "-id")
        .only("computed_at", "round_id", "scorecard")[:HISTORY_LIMIT]
    )
    snaps = [Snapshot(r.computed_at, r.round_id, scorecard_from_data(r.scorecard)) for r in rows]
    snaps.reverse()
    if current is not None:
        snaps.append(Snapshot(clock.now(), round_.pk if round_ else None, current))
    return snaps


@dataclass(frozen=True)
class TeamReport:
    team: Team
    rubric: Rubric
    shown: TeamScorecard  # the scorecard, live or stored, and where it came from
    roadmap: Roadmap
    history: History
    capabilities: Mapping[str, CapabilityView]
    metrics: tuple[MetricSeries, ...]

    @property
    def scorecard(self) -> Scorecard:
        return self.shown.scorecard

    @property
    def round(self) -> AssessmentRound | None:
        return self.shown.round

    @property
    def stored_at(self) -> datetime | None:  # set when the scorecard shown is a stored one
        return self.shown.stored_at

    @property
    def by_aspect(self) -> list[tuple[str, list[CapabilityView]]]:
        return [
            (
                charts.ASPECT_NAMES[a],
                [v for v in self.capabilities.values() if v.capability.aspect == a],
            )
            for a in ASPECTS
        ]

    @property
    def contradictions(self) -> list[CapabilityView]:
        return [v for v in self.capabilities.values() if v.score.state == "contradicted"]

    @property
    def disagreements(self) -> list[CapabilityView]:
        return [
            self.capabilities[c] for c in self.scorecard.disagreements if c in self.capabilities
        ]

    def charts(self) -> ReportCharts:
        frameworks = self.rubric.frameworks.values()
        return ReportCharts(
            ladders=tuple(charts.level_ladder(fw, self.scorecard) for fw in frameworks),
            matrix=charts.capability_matrix(self.rubric, self.scorecard),
            radar=charts.aspect_radar(self.scorecard),
            metrics=tuple(charts.metric_chart(m) for m in self.metrics),
            history=charts.level_history(tuple(frameworks), self.history),
        )


@dataclass(frozen=True)
class ReportCharts:
    ladders: tuple[Chart, ...]
    matrix: Chart
    radar: Chart
    metrics: tuple[Chart, ...]
    history: Chart

    @property
    def all(self) -> tuple[Chart, ...]:
        return (*self.ladders, self.matrix, self.radar, *self.metrics, self.history)


def team_report(team: Team, *, window_days: int = 90) -> TeamReport:
    """Everything the report page, the report API and the team exports show."""
    shown = team_scorecard_shown(team, window_days=window_days)
    scorecard, round_ = shown.scorecard, shown.round
    # A scorecard of a rubric version no longer shipped stays as stored; the current
    # rubric only lends the report its names, layout and advice.
    rubric = shown.rubric or get_rubric()
    answer_sets = submitted_answer_sets(round_, rubric) if round_ else []
    snaps = team_history(team, None if shown.stored else scorecard, round_)
    ids = {e for s in snaps for c in s.scorecard.capabilities.values() for e in c.events}
    events = events_by_id(team, ids)
    dates = {k: v.occurred_at for k, v in events.items()}
    roadmap = roadmap_build(
        rubric=rubric,
        scorecard=scorecard,
        advice=advice_current(),
        context=context_from_answers(answer_sets),
        event_dates=dates,
    )
    return TeamReport(
        team=team,
        rubric=rubric,
        shown=shown,
        roadmap=roadmap,
        history=history_build(snaps, dates),
        capabilities=capability_views(rubric, scorecard, answer_sets, events),
        metrics=delivery_metric_series(team, window_days=window_days),
    )
