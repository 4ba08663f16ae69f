"""Scorecards for report tests, scored by the real engine from rubric-driven answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assessments.reports.advice import AdviceSet, default_advice_text, parse_advice
from assessments.rubric.loader import get_rubric
from assessments.rubric.scorecard import Scorecard
from assessments.rubric.types import EvidenceResult, Rubric
from assessments.scoring import score
from tests.assessments.scoring.profiles import meeting


def rubric() -> Rubric:
    return get_rubric()


def advice() -> AdviceSet:
    return parse_advice(default_advice_text(), get_rubric())


def scorecard(
    met: Iterable[str] = (),
    *,
    evidence: Mapping[str, EvidenceResult] | None = None,
    context: Mapping[str, str] | None = None,
) -> Scorecard:
    """One respondent who has exactly the `met` capabilities, plus optional evidence."""
    answers = {**meeting(get_rubric(), met), **(context or {})}
    return score(get_rubric(), [answers], evidence or {})


def evidence_met(*capabilities: str) -> dict[str, EvidenceResult]:
    return {c: EvidenceResult("met", (f"evt-{c}",), f"{c} shown") for c in capabilities}
