"""A small rubric of a few questions, with branching and not-applicable, served by the loader."""

from __future__ import annotations

import pytest

from assessments.rubric import loader
from assessments.rubric.types import (
    Capability,
    Condition,
    Framework,
    Level,
    Option,
    Question,
    Rubric,
)

YES_NO = (Option("no", "No", 0.0), Option("partly", "Partly", 0.5), Option("yes", "Yes", 1.0))


def small_rubric(version: str = "test-1") -> Rubric:
    return Rubric(
        version=version,
        capabilities=(
            Capability("source_control", "Source control", "...", "model_creation", True),
            Capability(
                "progressive_delivery",
                "Progressive delivery",
                "...",
                "model_release",
                True,
                allows_not_applicable=True,
            ),
            Capability("ds_de_collaboration", "DS/DE collaboration", "...", "people", False),
        ),
        frameworks={
            "google": Framework(
                "google",
                "Google",
                "g",
                (Level(0, "Manual", ()), Level(1, "Auto", ("source_control",))),
            ),
            "azure": Framework(
                "azure",
                "Azure",
                "a",
                (
                    Level(0, "None", ()),
                    Level(1, "DevOps", ("source_control", "ds_de_collaboration")),
                ),
            ),
        },
        questions=(
            Question(
                "ctx_serving",
                "progressive_delivery",
                "How are predictions served?",
                "",
                (Option("batch", "In batches", 0.0), Option("online", "Online", 0.0)),
                context=True,
            ),
            Question(
                "sc_code", "source_control", "Is training code in version control?", "", YES_NO
            ),
            Question(
                "pd_strategy",
                "progressive_delivery",
                "Do new models go through canary?",
                "",
                YES_NO,
                allows_not_applicable=True,
                show_if=Condition("ctx_serving", ("online",)),
            ),
            Question(
                "people_collab", "ds_de_collaboration", "Do DS and DE work together?", "", YES_NO
            ),
        ),
    )


@pytest.fixture
def rubric(monkeypatch: pytest.MonkeyPatch) -> Rubric:
    """Every version the code asks for is the small rubric (rounds record its version)."""
    the_rubric = small_rubric()
    monkeypatch.setattr(loader, "get_rubric", lambda version=None: the_rubric)
    return the_rubric
