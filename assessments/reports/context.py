"""The team's context (serving mode, regulation, models in production, how fast its data
changes) and the target level it suggests per framework, with the reasoning shown to
people (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.rubric.scorecard import Answers
from assessments.rubric.types import Framework

SERVING_MODE = "context_serving_mode"
REGULATED = "context_regulated"
MODELS_IN_PRODUCTION = "context_models_in_production"
DATA_CHANGE_RATE = "context_data_change_rate"
CONTEXT_QUESTIONS = (SERVING_MODE, REGULATED, MODELS_IN_PRODUCTION, DATA_CHANGE_RATE)
_MANY = ("many", "fleet")
_SEVERAL = ("few", "many", "fleet")
_FAST = ("days", "weeks")


@dataclass(frozen=True)
class TeamContext:
    """The team's answers to the unscored context questions (an option id each, or None)."""

    serving_mode: str | None = None  # batch | online | both
    regulated: str | None = None  # regulated | internal_policy | not_regulated
    models_in_production: str | None = None  # none | one | few | many | fleet
    data_change_rate: str | None = None  # days | weeks | months | years (2026.2 on)

    @property
    def tags(self) -> frozenset[str]:
        """Option ids that advice `value_bonus` tables name; "both" also counts as online."""
        answers = (self.serving_mode, self.regulated, self.models_in_production)
        tags = {t for t in (*answers, self.data_change_rate) if t}
        if self.serving_mode == "both":
            tags.add("online")
        return frozenset(tags)

    @property
    def answered(self) -> bool:
        return any(
            (self.serving_mode, self.regulated, self.models_in_production, self.data_change_rate)
        )

    @property
    def online(self) -> bool:
        return self.serving_mode in ("online", "both")

    @property
    def under_rules(self) -> bool:
        return self.regulated in ("regulated", "internal_policy")


def context_from_answers(responses: Sequence[Answers]) -> TeamContext:
    """The most frequent answer of the team's respondents to each context question
    (ties go to the option named first alphabetically, so the result is stable)."""

    def consensus(question: str) -> str | None:
        votes = Counter(a[question] for a in responses if isinstance(a.get(question), str))
        if not votes:
            return None
        best = max(votes.values())
        return sorted(str(o) for o, n in votes.items() if n == best)[0]

    return TeamContext(*(consensus(q) for q in CONTEXT_QUESTIONS))


@dataclass(frozen=True)
class TargetLevel:
    framework: str
    level: int
    name: str
    reasons: tuple[str, ...]  # why this target, one sentence each, in order


def _google(context: TeamContext) -> tuple[int, list[str]]:
    """Google ties the level to how often models must change: level 0 suits a few models
    that rarely change, level 1 retrains as the data changes, level 2 serves many pipelines
    and new ML ideas."""
    if context.models_in_production == "none":
        return 1, [
            "No model is in production yet: build the first one on an automated "
            "pipeline (level 1) rather than by hand, so it never needs rebuilding."
        ]
    if context.models_in_production in _MANY:
        return 2, [
            "With more than five models, testing and deploying pipelines by hand does "
            "not scale: Google level 2 automates pipeline CI/CD."
        ]
    rate = context.data_change_rate
    if rate in ("months", "years") and context.models_in_production in ("one", "few"):
        return _slow_data(rate, context)
    reasons = [_fast_data_reason(rate)]
    if context.online and context.models_in_production == "few":
        reasons.append(
            "Several models serving online on fast-changing data change often; level 2's "
            "tested, automatically delivered pipelines keep those changes safe."
        )
        return 2, reasons
    reasons.append(
        "With one or a few models, level 2's pipeline CI/CD costs more than it "
        "saves; revisit when the number of models grows."
    )
    return 1, reasons


def _slow_data(rate: str, context: TeamContext) -> tuple[int, list[str]]:
    if rate == "years" or context.models_in_production == "one":
        return 0, [
            f"The data changes over {rate} and the team runs {context.models_in_production} "
            "model(s): Google says level 0 can be enough when models rarely change. Keep the "
            "code in source control, monitor the model, and retrain when monitoring says so."
        ]
    return 1, [
        "The data changes over months and several models need retraining: one automated "
        "pipeline per model (level 1) is cheaper than retraining each by hand."
    ]


def _fast_data_reason(rate: str | None) -> str:
    if rate in _FAST:
        return (
            f"The data changes within {rate}: models must be retrained as often, which "
            "takes continuous training (Google level 1)."
        )
    return (
        "How fast the data changes is unanswered: this assumes it changes within weeks, "
        "so continuous training (Google level 1) is worth it."
    )


def _azure(context: TeamContext) -> tuple[int, list[str]]:
    reasons = [
        "Automated, tracked training (Azure level 2) is the base for any team that trains models."
    ]
    level = 2
    if context.online:
        level = 3
        reasons.append(
            "Models serve online: releases should be automatic and tested, "
            "with A/B or canary (level 3)."
        )
    if context.under_rules:
        level = 3
        reasons.append(
            "Regulation or compliance policy applies: level 3 brings full "
            "lineage and tested releases that auditors ask for."
        )
    if context.models_in_production in _SEVERAL and level < 3:
        level = 3
        reasons.append(
            "Several models in production: automatic deployment saves "
            "hand-offs on every release (level 3)."
        )
    return _azure_top(level, reasons, context)


def _azure_top(level: int, reasons: list[str], context: TeamContext) -> tuple[int, list[str]]:
    """Level 4 retrains automatically from production metrics: worth it for many models on
    fast-changing data, and not where a person must approve each model before it serves."""
    # An unanswered change rate is taken as fast, as for Google's target.
    fast = context.data_change_rate in (*_FAST, None)
    many_fast = context.models_in_production in _MANY and fast
    if context.under_rules and (many_fast or context.online):
        reasons.append(
            "Model-risk practice asks a person to approve a model before it serves: aim for "
            "level 3 with production monitoring, and retraining that waits for an approval "
            "step, rather than level 4's automatic retraining."
        )
        return 3, reasons
    if many_fast:
        reasons.append(
            "Many models on data that changes within days or weeks: monitoring that starts "
            "retraining automatically (level 4) saves the most work."
        )
        return 4, reasons
    return level, reasons


def recommend_target(framework: Framework, context: TeamContext) -> TargetLevel:
    """The level worth aiming for given the team's context, with the reasons."""
    level, reasons = _google(context) if framework.id == "google" else _azure(context)
    if not context.answered:
        reasons.insert(
            0,
            "The context questions (serving mode, regulation, models in "
            "production, how fast the data changes) are unanswered, so this "
            "assumes a single batch model outside regulation.",
        )
    level = min(level, framework.levels[-1].level)
    name = next(lvl.name for lvl in framework.levels if lvl.level == level)
    return TargetLevel(framework=framework.id, level=level, name=name, reasons=tuple(reasons))
