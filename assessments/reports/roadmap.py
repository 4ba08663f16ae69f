"""The roadmap: per framework, what the team lacks for its next level, in the order to
do it, with advice; items close by themselves when their evidence arrives (pure).

Order: a capability comes after the capabilities it depends on (declared in the
advice data); among those free to start, higher value for effort comes first
(value per day, value raised by the team's context), then rubric order.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from assessments.reports.advice import AdviceSet
from assessments.reports.context import TargetLevel, TeamContext, recommend_target
from assessments.rubric.scorecard import Scorecard
from assessments.rubric.types import Framework, Rubric

ItemStatus = Literal["open", "done"]
_SATISFIED = ("met", "not_applicable")
TOP_STEPS = 3


@dataclass(frozen=True)
class RoadmapItem:
    capability: str
    name: str
    aspect: str
    state: str  # the assessed state today
    status: ItemStatus  # done: telemetry evidence shows the practice
    required_at: int | None  # the level that requires it; None for a prerequisite
    prerequisite_for: tuple[str, ...]  # open items that depend on it
    depends_on: tuple[str, ...]  # open items to finish first
    why: str
    cites: str
    steps: tuple[str, ...]
    effort: str
    days: int
    value: int  # after the context bonus
    signal: str
    reference: str
    done_on: date | None = None  # date of the first evidence event, for done items
    done_events: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrameworkRoadmap:
    framework: str
    framework_name: str
    assessed_level: int
    assessed_level_name: str
    next_level: int | None
    next_level_name: str
    target: TargetLevel
    items: tuple[RoadmapItem, ...]  # open items in order, then done ones

    @property
    def open_items(self) -> tuple[RoadmapItem, ...]:
        return tuple(i for i in self.items if i.status == "open")

    @property
    def done_items(self) -> tuple[RoadmapItem, ...]:
        return tuple(i for i in self.items if i.status == "done")


@dataclass(frozen=True)
class Roadmap:
    rubric_version: str
    advice_version: str  # the advice set the roadmap was built with
    context: TeamContext
    frameworks: tuple[FrameworkRoadmap, ...]
    top_steps: tuple[RoadmapItem, ...]  # the next three things to do, across frameworks


def effective_value(advice: AdviceSet, capability: str, context: TeamContext) -> int:
    item = advice.for_capability(capability)
    bonus = sum(v for k, v in item.value_bonus.items() if k in context.tags)
    return max(0, item.value + bonus)


def order_items(
    capabilities: Iterable[str], advice: AdviceSet, context: TeamContext, rubric_order: list[str]
) -> list[str]:
    """Dependencies first (among the given capabilities), then value per day, then rubric order."""
    todo = set(capabilities)
    deps = {c: {d for d in advice.for_capability(c).depends_on if d in todo} for c in todo}

    def key(c: str) -> tuple[float, int, str]:
        per_day = effective_value(advice, c, context) / advice.for_capability(c).days
        return (-per_day, rubric_order.index(c), c)

    ready = [key(c) for c in todo if not deps[c]]
    heapq.heapify(ready)
    out: list[str] = []
    while ready:
        current = heapq.heappop(ready)[2]
        out.append(current)
        for c in todo:
            if current in deps[c]:
                deps[c].discard(current)
                if not deps[c]:
                    heapq.heappush(ready, key(c))
    return out  # advice is validated acyclic, so every capability comes out


def _with_prerequisites(
    gaps: list[str], scorecard: Scorecard, advice: AdviceSet
) -> dict[str, set[str]]:
    """The gaps plus any unmet capability they depend on, transitively; value: dependants."""
    needed: dict[str, set[str]] = {c: set() for c in gaps}
    stack = list(gaps)
    while stack:
        current = stack.pop()
        for dep in advice.for_capability(current).depends_on:
            if scorecard.capabilities[dep].state in _SATISFIED:
                continue
            if dep not in needed:
                needed[dep] = set()
                stack.append(dep)
            needed[dep].add(current)
    return needed


def _required_at(framework: Framework, capability: str) -> int | None:
    return next((lvl.level for lvl in framework.levels if capability in lvl.requires), None)


def _item(
    capability: str, ctx: _Context, status: ItemStatus, prerequisite_for: Iterable[str] = ()
) -> RoadmapItem:
    cap = ctx.rubric.capability(capability)
    advice = ctx.advice.for_capability(capability)
    score = ctx.scorecard.capabilities[capability]
    dates = sorted(ctx.event_dates[e] for e in score.events if e in ctx.event_dates)
    return RoadmapItem(
        capability=capability,
        name=cap.name,
        aspect=cap.aspect,
        state=score.state,
        status=status,
        required_at=_required_at(ctx.framework, capability),
        prerequisite_for=tuple(sorted(prerequisite_for)),
        depends_on=tuple(d for d in advice.depends_on if d in ctx.open),
        why=advice.why,
        cites=advice.cites,
        steps=advice.steps,
        effort=advice.effort,
        days=advice.days,
        value=effective_value(ctx.advice, capability, ctx.context),
        signal=advice.signal,
        reference=advice.reference,
        done_on=dates[0].date() if status == "done" and dates else None,
        done_events=score.events if status == "done" else (),
    )


@dataclass(frozen=True)
class _Context:
    rubric: Rubric
    framework: Framework
    scorecard: Scorecard
    advice: AdviceSet
    context: TeamContext
    event_dates: Mapping[str, datetime]
    open: frozenset[str]


def framework_roadmap(
    rubric: Rubric,
    framework: Framework,
    scorecard: Scorecard,
    advice: AdviceSet,
    context: TeamContext,
    event_dates: Mapping[str, datetime],
) -> FrameworkRoadmap:
    fs = scorecard.frameworks[framework.id]
    names = {lvl.level: lvl.name for lvl in framework.levels}
    gaps: list[str] = []
    done: list[str] = []
    if fs.next_level is not None:
        required = framework.required_up_to(fs.next_level)
        gaps = [c for c in required if scorecard.capabilities[c].state not in _SATISFIED]
        new = next(lvl.requires for lvl in framework.levels if lvl.level == fs.next_level)
        done = [c for c in new if scorecard.capabilities[c].evidence == "met"]
    needed = _with_prerequisites(gaps, scorecard, advice)
    order = [c.id for c in rubric.capabilities]
    ctx = _Context(rubric, framework, scorecard, advice, context, event_dates, frozenset(needed))
    items = [_item(c, ctx, "open", needed[c]) for c in order_items(needed, advice, context, order)]
    items += [_item(c, ctx, "done") for c in done]
    return FrameworkRoadmap(
        framework=framework.id,
        framework_name=framework.name,
        assessed_level=fs.assessed_level,
        assessed_level_name=names[fs.assessed_level],
        next_level=fs.next_level,
        next_level_name=names.get(fs.next_level, "") if fs.next_level is not None else "",
        target=recommend_target(framework, context),
        items=tuple(items),
    )


def _top_steps(
    frameworks: Iterable[FrameworkRoadmap],
    advice: AdviceSet,
    context: TeamContext,
    order: list[str],
) -> tuple[RoadmapItem, ...]:
    first: dict[str, RoadmapItem] = {}
    for fr in frameworks:
        for item in fr.open_items:
            first.setdefault(item.capability, item)
    ranked = order_items(first, advice, context, order)
    return tuple(first[c] for c in ranked[:TOP_STEPS])


def roadmap_build(
    *,
    rubric: Rubric,
    scorecard: Scorecard,
    advice: AdviceSet,
    context: TeamContext,
    event_dates: Mapping[str, datetime] | None = None,
) -> Roadmap:
    """The team's roadmap for every framework of the rubric.

    `event_dates` maps event ids to when they occurred, to date the items that
    telemetry closed; without it done items carry no date.
    """
    dates = event_dates or {}
    frameworks = tuple(
        framework_roadmap(rubric, fw, scorecard, advice, context, dates)
        for fw in rubric.frameworks.values()
    )
    order = [c.id for c in rubric.capabilities]
    return Roadmap(
        rubric_version=scorecard.rubric_version,
        advice_version=advice.version,
        context=context,
        frameworks=frameworks,
        top_steps=_top_steps(frameworks, advice, context, order),
    )
