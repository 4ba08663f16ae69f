"""Typed, frozen view of a rubric definitions file.

These names are the contract between the rubric loader, the scoring engine,
the evidence rules, the questionnaire and the reports: extend them, do not
rename them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Aspect = Literal["people", "model_creation", "model_release", "application_integration"]
ASPECTS: tuple[Aspect, ...] = (
    "people",
    "model_creation",
    "model_release",
    "application_integration",
)

ClaimState = Literal["met", "partial", "not_met", "not_applicable", "unknown"]
EvidenceState = Literal["met", "not_met", "insufficient"]
AssessedState = Literal["met", "partial", "not_met", "not_applicable", "unknown", "contradicted"]


@dataclass(frozen=True)
class Capability:
    id: str
    name: str
    description: str
    aspect: Aspect
    telemetry: bool  # an evidence rule can show it
    allows_not_applicable: bool = False
    optional: bool = False  # required by no level (feature_store)


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    requires: tuple[str, ...]  # in addition to lower levels
    description: str = ""  # what a team at this level looks like, in a sentence


@dataclass(frozen=True)
class Framework:
    id: str  # "google" | "azure"
    name: str
    source: str  # citation / URL of the framework
    levels: tuple[Level, ...]  # ordered, starting at level 0

    def required_up_to(self, level: int) -> tuple[str, ...]:
        """Every capability required at levels 1..level (cumulative gating)."""
        out: list[str] = []
        for lvl in self.levels:
            if 0 < lvl.level <= level:
                out.extend(c for c in lvl.requires if c not in out)
        return tuple(out)


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    score: float  # in [0, 1]


@dataclass(frozen=True)
class Condition:
    """Show a question only when another question was answered with one of these options."""

    question: str
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    capability: str
    text: str
    help: str  # what good looks like, citing the framework
    options: tuple[Option, ...]
    allows_not_applicable: bool = False
    show_if: Condition | None = None
    context: bool = False  # asks about the team's context (batch/online, regulated...), not scored


@dataclass(frozen=True)
class Thresholds:
    claim_met: float = 0.75
    claim_partial: float = 0.4
    disagreement_spread: float = 0.5
    window_days: int = 90


@dataclass(frozen=True)
class Rubric:
    version: str
    capabilities: tuple[Capability, ...]
    frameworks: Mapping[str, Framework]
    questions: tuple[Question, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)
    #: Parameters of each evidence rule by capability id (docs/rubric.md#evidence-rules), as data.
    evidence: Mapping[str, Mapping[str, bool | float | int | str | tuple[str, ...]]] = field(
        default_factory=dict
    )
    changelog: tuple[str, ...] = ()

    def capability(self, capability_id: str) -> Capability:
        for cap in self.capabilities:
            if cap.id == capability_id:
                return cap
        raise KeyError(capability_id)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


@dataclass(frozen=True)
class EvidenceResult:
    """What telemetry says of one capability over the window."""

    state: EvidenceState
    event_ids: tuple[str, ...] = ()  # the events behind the outcome (contradicting ones first)
    detail: str = ""  # one sentence for people ("3 of 40 runs carry code_version")
