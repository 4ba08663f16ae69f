"""Answers built from the shipped rubric: the best or worst option of every question of a
practice, so tests claim a practice met or not met without naming question ids."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from assessments.rubric.types import Rubric

Claim = Literal["met", "not_met"]


def answers_claiming(rubric: Rubric, claims: Mapping[str, Claim]) -> dict[str, str]:
    """Option ids by question id; the serving-mode context is online so no question hides."""
    answers = {"context_serving_mode": "online"}
    for question in rubric.questions:
        if question.context or question.capability not in claims:
            continue
        ranked = sorted(question.options, key=lambda option: option.score)
        best = claims[question.capability] == "met"
        answers[question.id] = (ranked[-1] if best else ranked[0]).id
    return answers
