"""Loading the rubric definitions files: one folder per version under `definitions/`.

A version folder holds one or more TOML files whose top-level tables are merged
(arrays of tables are concatenated), so capabilities and questions may live in
separate files. `load_rubric` reads and validates one folder (or one file);
`get_rubric` returns a cached, validated version; `available_versions` lists
the folders, oldest first.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from assessments.rubric.parse import parse_rubric
from assessments.rubric.types import Rubric
from assessments.rubric.validate import rubric_problems

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
#: Top-level keys whose values are arrays, concatenated across a version's files.
ARRAY_KEYS = ("capabilities", "questions", "changelog")


class RubricError(Exception):
    """A definitions file that cannot be used; `problems` lists everything wrong with it."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"Rubric {source}: {len(self.problems)} problem(s):\n{lines}")


def _merge(
    files: Iterable[tuple[str, dict[str, object]]], problems: list[str]
) -> dict[str, object]:
    merged: dict[str, object] = {}
    for name, data in files:
        for key, value in data.items():
            if key not in merged:
                merged[key] = value
            elif key in ARRAY_KEYS and isinstance(value, list):
                merged[key] = [*merged[key], *value]  # type: ignore[misc]
            elif isinstance(value, dict) and isinstance(merged[key], dict):
                current: dict[str, object] = merged[key]  # type: ignore[assignment]
                for dup in sorted(set(current) & set(value)):
                    problems.append(f"{name}: `{key}.{dup}` is defined in more than one file")
                merged[key] = {**current, **value}
            elif merged[key] != value:
                problems.append(f"{name}: `{key}` is defined in more than one file")
    return merged


def _read(files: Sequence[Path], problems: list[str]) -> dict[str, object]:
    parsed: list[tuple[str, dict[str, object]]] = []
    for file in files:
        try:
            parsed.append((file.name, tomllib.loads(file.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{file.name}: cannot be read: {exc}")
    return _merge(parsed, problems)


def load_rubric(path: Path | str) -> Rubric:
    """Read, check and return the rubric of a version folder or a single TOML file.

    Raises RubricError listing every problem found, not only the first.
    """
    path = Path(path)
    files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    problems: list[str] = []
    if not files:
        problems.append("no .toml definitions file found")
    rubric = parse_rubric(_read(files, problems), problems)
    problems += rubric_problems(rubric)
    if path.is_dir() and rubric.version and rubric.version != path.name:
        problems.append(f"version `{rubric.version}` differs from its folder name `{path.name}`")
    if problems:
        raise RubricError(path.name, problems)
    return rubric


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Orders "2026.10" after "2026.9": numeric parts compare as numbers."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in version.split("."))


def available_versions(root: Path | None = None) -> tuple[str, ...]:
    """The rubric versions found under the definitions folder, oldest first."""
    root = root or DEFINITIONS_DIR
    found = [d.name for d in root.iterdir() if d.is_dir() and any(d.glob("*.toml"))]
    return tuple(sorted(found, key=_version_key))


@lru_cache(maxsize=16)
def _load_cached(root: Path, version: str) -> Rubric:
    return load_rubric(root / version)


def get_rubric(version: str | None = None) -> Rubric:
    """The rubric of `version`, or the current (newest) one; loaded once per process.

    Raises LookupError for a version that does not exist and RubricError for a
    broken one.
    """
    root = DEFINITIONS_DIR
    versions = available_versions(root)
    if not versions:
        raise LookupError("No rubric definitions found.")
    chosen = versions[-1] if version is None else version
    if chosen not in versions:
        raise LookupError(f"No rubric version {chosen!r}; available: {', '.join(versions)}.")
    return _load_cached(root, chosen)
