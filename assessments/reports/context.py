"""The team's context (serving mode, regulation, models in production) and the target
level it suggests per framework, with the reasoning shown to people (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.rubric.scorecard import Answers
from assessments.rubric.types import Framework

SERVING_MODE = "context_serving_mode"
REGULATED = "context_regulated"
MODELS_IN_PRODUCTION = "context_models_in_production"
CONTEXT_QUESTIONS = (SERVING_MODE, REGULATED, MODELS_IN_PRODUCTION)
_MANY = ("many", "fleet")
_SEVERAL = ("few", "many", "fleet")


@dataclass(frozen=True)
class TeamContext:
    """The team's answers to the unscored context questions (an option id each, or None)."""

    serving_mode: str | None = None  # batch | online | both
    regulated: str | None = None  # regulated | internal_policy | not_regulated
    models_in_production: str | None = None  # none | one | few | many | fleet

    @property
    def tags(self) -> frozenset[str]:
        """Option ids that advice `value_bonus` tables name; "both" also counts as online."""
        tags = {t for t in (self.serving_mode, self.regulated, self.models_in_production) if t}
        if self.serving_mode == "both":
            tags.add("online")
        return frozenset(tags)

    @property
    def answered(self) -> bool:
        return any((self.serving_mode, self.regulated, self.models_in_production))

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
    if context.models_in_production == "none":
        return 1, [
            "No model is in production yet: build the first one on an automated "
            "pipeline (level 1) rather than by hand, so it never needs rebuilding."
        ]
    reasons = [
        "Every model in production drifts as its data changes; continuous training "
        "(Google level 1) is the floor for a model people rely on."
    ]
    if context.models_in_production in _MANY:
        reasons.append(
            "With more than five models, releasing pipelines by hand does not "
            "scale: Google level 2 automates pipeline CI/CD."
        )
        return 2, reasons
    if context.online and context.models_in_production == "few":
        reasons.append(
            "Several models serving online change often; level 2's tested, "
            "automatically delivered pipelines keep those changes safe."
        )
        return 2, reasons
    reasons.append(
        "With one or a few models, level 2's pipeline CI/CD costs more than it "
        "saves; revisit when the number of models grows."
    )
    return 1, reasons


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
    if context.models_in_production in _MANY or (context.online and context.under_rules):
        level = 4
        reasons.append(
            "Many models, or regulated online decisions, need monitoring that "
            "retrains automatically (level 4)."
        )
    return level, reasons


def recommend_target(framework: Framework, context: TeamContext) -> TargetLevel:
    """The level worth aiming for given the team's context, with the reasons."""
    level, reasons = _google(context) if framework.id == "google" else _azure(context)
    if not context.answered:
        reasons.insert(
            0,
            "The context questions (serving mode, regulation, models in "
            "production) are unanswered, so this assumes a single batch "
            "model outside regulation.",
        )
    level = min(level, framework.levels[-1].level)
    name = next(lvl.name for lvl in framework.levels if lvl.level == level)
    return TargetLevel(framework=framework.id, level=level, name=name, reasons=tuple(reasons))
