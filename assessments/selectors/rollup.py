"""Reads for the organisation roll-up: every visible team's latest stored scorecard,
in two queries whatever the number of teams, filtered and compared as asked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Subquery

from assessments.models import Answer, AssessmentResponse, ScorecardSnapshot
from assessments.reports import charts
from assessments.reports.charts import Chart
from assessments.reports.context import CONTEXT_QUESTIONS, context_from_answers
from assessments.reports.exports import TeamExport
from assessments.reports.roadmap import roadmap_build
from assessments.rubric.loader import get_rubric
from assessments.rubric.scorecard import AnswerValue, Scorecard
from assessments.rubric.types import ASPECTS, Capability, Rubric
from assessments.scorecards.codec import scorecard_from_data
from assessments.selectors.reports import advice_current
from tenancy import access as tenancy
from tenancy.access import AnyUser
from tenancy.models import Organization, Team


@dataclass(frozen=True)
class Standing:
    team: Team
    scorecard: Scorecard | None  # None: no stored scorecard yet
    computed_at: datetime | None
    round_id: int | None


def standings(user: AnyUser, organization: Organization) -> list[Standing]:
    """Each team of the organisation the user may see, with its latest stored scorecard."""
    latest = ScorecardSnapshot.objects.filter(team=OuterRef("pk")).order_by("-computed_at", "-id")
    teams = list(
        tenancy.teams_visible_to(user)
        .filter(organization=organization)
        .annotate(snapshot_id=Subquery(latest.values("id")[:1]))
    )
    ids = [t.snapshot_id for t in teams if t.snapshot_id]
    snaps = ScorecardSnapshot.objects.only("computed_at", "round_id", "scorecard").in_bulk(ids)
    out = []
    for t in teams:
        snap = snaps.get(t.snapshot_id)
        out.append(
            Standing(
                team=t,
                scorecard=scorecard_from_data(snap.scorecard) if snap else None,
                computed_at=snap.computed_at if snap else None,
                round_id=snap.round_id if snap else None,
            )
        )
    return out


@dataclass(frozen=True)
class Filters:
    framework: str = ""  # "" all
    aspect: str = ""  # "" all
    level: int | None = None  # only teams at this assessed level of `framework`
    compare: tuple[str, ...] = ()  # team slugs to compare side by side


@dataclass(frozen=True)
class Comparison:
    teams: tuple[Team, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # label, one value per team


@dataclass(frozen=True)
class Rollup:
    organization: Organization
    rubric: Rubric
    filters: Filters
    standings: tuple[Standing, ...]  # every visible team
    shown: tuple[Standing, ...]  # assessed teams that pass the filters
    heatmap: Chart | None
    distributions: tuple[Chart, ...]
    comparison: Comparison | None
    not_assessed: tuple[Team, ...] = field(default=())
    #: Rubric version -> the shown teams scored with it; more than one key means the teams'
    #: levels follow different requirements and are marked with their version.
    rubric_versions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def mixed_versions(self) -> bool:
        return len(self.rubric_versions) > 1


def _versions(shown: Sequence[Standing]) -> dict[str, tuple[str, ...]]:
    by_version: dict[str, list[str]] = defaultdict(list)
    for s in shown:
        if s.scorecard is not None:
            by_version[s.scorecard.rubric_version].append(s.team.name)
    return {v: tuple(names) for v, names in sorted(by_version.items())}


def _label(s: Standing, mixed: bool) -> str:
    """The team's name, with its rubric version when the shown teams are on several."""
    if not mixed or s.scorecard is None:
        return s.team.name
    return f"{s.team.name} (rubric {s.scorecard.rubric_version})"


def _capabilities(rubric: Rubric, aspect: str) -> list[Capability]:
    return [c for c in rubric.capabilities if not aspect or c.aspect == aspect]


def _passes(s: Standing, f: Filters) -> bool:
    if s.scorecard is None:
        return False
    if f.framework and f.level is not None:
        fs = s.scorecard.frameworks.get(f.framework)
        return fs is not None and fs.assessed_level == f.level
    return True


def _level(card: Scorecard, framework: str) -> str:
    fs = card.frameworks.get(framework)
    return str(fs.assessed_level) if fs else "-"


def _state(card: Scorecard, capability: str) -> str:
    cs = card.capabilities.get(capability)
    return charts.STATE_STYLE[cs.state][1] if cs else "-"


def _comparison(rubric: Rubric, chosen: Sequence[Standing], aspect: str) -> Comparison:
    cards = [s.scorecard for s in chosen if s.scorecard is not None]
    rows: list[tuple[str, tuple[str, ...]]] = [
        ("Rubric version", tuple(c.rubric_version for c in cards))
    ]
    rows += [
        (f"{fw.name}: level", tuple(_level(c, fw.id) for c in cards))
        for fw in rubric.frameworks.values()
    ]
    rows += [
        (f"{charts.ASPECT_NAMES[a]} score", tuple(f"{c.aspects.get(a, 0):g}" for c in cards))
        for a in ASPECTS
        if not aspect or a == aspect
    ]
    rows += [
        (cap.name, tuple(_state(c, cap.id) for c in cards)) for cap in _capabilities(rubric, aspect)
    ]
    return Comparison(tuple(s.team for s in chosen if s.scorecard is not None), tuple(rows))


def organization_rollup(user: AnyUser, organization: Organization, filters: Filters) -> Rollup:
    rubric = get_rubric()
    every = standings(user, organization)
    shown = [s for s in every if _passes(s, filters)]
    versions = _versions(shown)
    named = [(_label(s, len(versions) > 1), s.scorecard) for s in shown if s.scorecard is not None]
    frameworks = [fw for fw in rubric.frameworks.values() if fw.id in (filters.framework or fw.id)]
    cards = [c for _, c in named]
    chosen = [s for s in every if s.team.slug in filters.compare and s.scorecard is not None]
    return Rollup(
        organization=organization,
        rubric=rubric,
        filters=filters,
        standings=tuple(every),
        shown=tuple(shown),
        heatmap=charts.org_heatmap(_capabilities(rubric, filters.aspect), named) if named else None,
        distributions=tuple(charts.level_distribution(fw, cards) for fw in frameworks)
        if cards
        else (),
        comparison=_comparison(rubric, chosen, filters.aspect) if chosen else None,
        not_assessed=tuple(s.team for s in every if s.scorecard is None),
        rubric_versions=versions,
    )


def _contexts(round_ids: Sequence[int]) -> dict[int, list[dict[str, AnswerValue]]]:
    """Context answers of submitted responses per round, in one query."""
    rows = Answer.objects.filter(
        response__round_id__in=round_ids,
        response__status=AssessmentResponse.Status.SUBMITTED,
        question_id__in=CONTEXT_QUESTIONS,
    ).values_list("response__round_id", "response_id", "question_id", "option_id")
    by_round: dict[int, dict[int, dict[str, AnswerValue]]] = defaultdict(dict)
    for round_id, response_id, question_id, option_id in rows:
        by_round[round_id].setdefault(response_id, {})[question_id] = option_id
    return {r: list(responses.values()) for r, responses in by_round.items()}


def organization_exports(rollup: Rollup) -> list[TeamExport]:
    """Scorecards and roadmaps of the teams the roll-up shows, for the organisation exports."""
    advice = advice_current()
    contexts = _contexts([s.round_id for s in rollup.shown if s.round_id])
    out = []
    for s in rollup.shown:
        assert s.scorecard is not None  # shown teams are assessed
        rubric = get_rubric(s.scorecard.rubric_version)
        context = context_from_answers(contexts.get(s.round_id or 0, []))
        roadmap = roadmap_build(
            rubric=rubric, scorecard=s.scorecard, advice=advice, context=context
        )
        out.append(TeamExport(f"{s.team.organization.slug}/{s.team.slug}", s.scorecard, roadmap))
    return out
