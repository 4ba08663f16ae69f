"""System check: `manage.py check` and startup fail clearly on a broken definitions file."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

from assessments.rubric import loader

CHECK_ID = "assessments.E001"


def check_rubric_definitions(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """One Error listing every problem of every rubric version, or nothing when all load."""
    try:
        versions = loader.available_versions(loader.DEFINITIONS_DIR)
    except OSError as exc:
        versions, problems = (), [f"the definitions folder cannot be read: {exc}"]
    else:
        problems = [] if versions else ["no rubric version found in the definitions folder"]
    for version in versions:
        try:
            loader.load_rubric(loader.DEFINITIONS_DIR / version)
        except loader.RubricError as exc:
            problems += [f"{version}: {p}" for p in exc.problems]
    if not problems:
        return []
    return [
        Error(
            "The rubric definitions are broken:\n" + "\n".join(f"  - {p}" for p in problems),
            hint="Fix the listed problems in assessments/rubric/definitions/.",
            id=CHECK_ID,
        )
    ]
