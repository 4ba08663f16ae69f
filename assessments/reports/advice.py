"""Advice as data: what to do about each capability, parsed and validated (pure).

An advice set is TOML text (see advice/default.toml). It is validated at load
like the rubric: every problem is collected and raised together as one
AdviceError, so an editor sees everything wrong at once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assessments.rubric.types import Rubric

DEFAULT_ADVICE = Path(__file__).resolve().parent / "advice" / "default.toml"
Effort = Literal["S", "M", "L"]
EFFORTS: tuple[Effort, ...] = ("S", "M", "L")
#: Rough day ranges per effort size, to check the estimate is in line with its size.
EFFORT_DAYS: Mapping[str, tuple[int, int]] = {"S": (1, 3), "M": (4, 10), "L": (10, 40)}
_REQUIRED = ("why", "cites", "steps", "effort", "days", "value", "signal")


class AdviceError(Exception):
    """Advice that cannot be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"Advice: {len(self.problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class Advice:
    capability: str
    why: str
    cites: str
    steps: tuple[str, ...]
    effort: Effort
    days: int
    value: int  # 1 (low) to 3 (high)
    depends_on: tuple[str, ...]
    signal: str  # the telemetry signal that proves it done (docs/rubric.md#evidence-rules)
    reference_level: int | None
    reference_step: str
    value_bonus: Mapping[str, int]

    @property
    def reference(self) -> str:
        if not self.reference_step:
            return ""
        level = f"level {self.reference_level} " if self.reference_level is not None else ""
        return f"Reference pipeline, {level}workflow: the {self.reference_step} step"


@dataclass(frozen=True)
class AdviceSet:
    version: str  # the published version number, or "default" for the shipped file
    name: str
    items: Mapping[str, Advice]

    def for_capability(self, capability: str) -> Advice:
        return self.items[capability]


def _entry(raw: Mapping[str, Any], where: str, problems: list[str]) -> Advice | None:
    missing = [k for k in ("capability", *_REQUIRED) if k not in raw]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
        return None
    effort = raw["effort"]
    if effort not in EFFORTS:
        problems.append(f"{where}: effort must be S, M or L, not {effort!r}")
        return None
    days, value = raw["days"], raw["value"]
    if not isinstance(days, int) or not (EFFORT_DAYS[effort][0] <= days <= EFFORT_DAYS[effort][1]):
        problems.append(
            f"{where}: days {days!r} does not fit effort {effort} {EFFORT_DAYS[effort]}"
        )
    if not isinstance(value, int) or not 1 <= value <= 3:
        problems.append(f"{where}: value must be an integer from 1 to 3")
    steps = raw["steps"]
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) for s in steps):
        problems.append(f"{where}: steps must be a non-empty list of sentences")
        steps = []
    bonus = raw.get("value_bonus", {})
    if not isinstance(bonus, dict) or not all(isinstance(v, int) for v in bonus.values()):
        problems.append(f"{where}: value_bonus must map context options to integers")
        bonus = {}
    return Advice(
        capability=str(raw["capability"]),
        why=str(raw["why"]),
        cites=str(raw["cites"]),
        steps=tuple(steps),
        effort=effort,
        days=days if isinstance(days, int) else 0,
        value=value if isinstance(value, int) else 1,
        depends_on=tuple(str(d) for d in raw.get("depends_on", [])),
        signal=str(raw["signal"]),
        reference_level=raw.get("reference_level"),
        reference_step=str(raw.get("reference_step", "")),
        value_bonus=dict(bonus),
    )


def dependency_cycle(items: Mapping[str, Advice]) -> tuple[str, ...]:
    """One dependency cycle among the items (ids, first repeated at the end), or ()."""
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(node: str, path: tuple[str, ...]) -> tuple[str, ...]:
        if state.get(node) == 1:
            return (*path[path.index(node) :], node)
        if state.get(node) == 2 or node not in items:
            return ()
        state[node] = 1
        for dep in items[node].depends_on:
            if cycle := visit(dep, (*path, node)):
                return cycle
        state[node] = 2
        return ()

    for node in sorted(items):
        if cycle := visit(node, ()):
            return cycle
    return ()


def _cross_checks(items: Mapping[str, Advice], rubric: Rubric) -> list[str]:
    known = {c.id for c in rubric.capabilities}
    problems = [f"advice for unknown capability `{c}`" for c in sorted(set(items) - known)]
    problems += [f"no advice for capability `{c}`" for c in sorted(known - set(items))]
    for item in items.values():
        for dep in item.depends_on:
            if dep not in known:
                problems.append(f"`{item.capability}` depends on unknown capability `{dep}`")
            elif dep == item.capability:
                problems.append(f"`{item.capability}` depends on itself")
    if cycle := dependency_cycle(items):
        problems.append("dependency cycle: " + " -> ".join(cycle))
    return problems


def parse_advice(text: str, rubric: Rubric, *, version: str = "default") -> AdviceSet:
    """Parse and validate advice TOML against the rubric; raise AdviceError with every problem.

    `version` is the published version the text belongs to (the admin console numbers them).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AdviceError([f"not valid TOML: {exc}"]) from None
    problems: list[str] = []
    name = data.get("name")
    if not isinstance(name, str) or not name:
        problems.append("missing `name`")
    items: dict[str, Advice] = {}
    for n, raw in enumerate(data.get("advice", []), start=1):
        entry = _entry(raw, f"advice #{n} ({raw.get('capability', '?')})", problems)
        if entry and entry.capability in items:
            problems.append(f"capability `{entry.capability}` has advice twice")
        elif entry:
            items[entry.capability] = entry
    problems += _cross_checks(items, rubric)
    if problems:
        raise AdviceError(problems)
    return AdviceSet(version=version, name=str(name), items=items)


def default_advice_text() -> str:
    return DEFAULT_ADVICE.read_text(encoding="utf-8")
