"""Cross-checks of a parsed rubric: ids, levels, questions, branching, evidence.

`rubric_problems` returns every problem it finds, as sentences naming the
offending id, so that a broken definitions file is fixed in one pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from assessments.rubric.types import Framework, Question, Rubric

MIN_SCORED_QUESTIONS = 2


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def _id_problems(rubric: Rubric) -> list[str]:
    problems = [
        f"duplicate capability id `{i}`" for i in _duplicates(c.id for c in rubric.capabilities)
    ]
    problems += [
        f"duplicate question id `{i}`" for i in _duplicates(q.id for q in rubric.questions)
    ]
    for q in rubric.questions:
        problems += [
            f"question `{q.id}`: duplicate option id `{i}`"
            for i in _duplicates(o.id for o in q.options)
        ]
    return problems


def _question_problems(q: Question, rubric: Rubric, cap_ids: set[str]) -> list[str]:
    where = f"question `{q.id}`"
    if q.context:
        problems = []
        if q.capability:
            problems.append(f"{where}: a context question is unscored and names no capability")
        if q.allows_not_applicable:
            problems.append(f"{where}: a context question cannot allow not applicable")
        if len(q.options) < MIN_SCORED_QUESTIONS:
            problems.append(f"{where}: needs at least two options")
        return problems
    problems = []
    if q.capability not in cap_ids:
        problems.append(f"{where}: unknown capability `{q.capability}`")
    elif q.allows_not_applicable and not rubric.capability(q.capability).allows_not_applicable:
        problems.append(f"{where}: allows not applicable, but capability `{q.capability}` does not")
    if len(q.options) < 3:
        problems.append(f"{where}: needs at least three graded options")
    problems += [
        f"{where}: option `{o.id}` score {o.score} is outside [0, 1]"
        for o in q.options
        if not 0 <= o.score <= 1
    ]
    return problems


def _show_if_problems(rubric: Rubric) -> list[str]:
    by_id = {q.id: q for q in rubric.questions}
    problems = []
    for q in rubric.questions:
        if q.show_if is None:
            continue
        target = by_id.get(q.show_if.question)
        if target is None:
            problems.append(
                f"question `{q.id}`: show_if names unknown question `{q.show_if.question}`"
            )
            continue
        option_ids = {o.id for o in target.options}
        problems += [
            f"question `{q.id}`: show_if names unknown option `{o}` of question `{target.id}`"
            for o in q.show_if.any_of
            if o not in option_ids
        ]
        if not q.show_if.any_of:
            problems.append(f"question `{q.id}`: show_if.any_of lists no option")
        if _reaches(q.id, target.id, by_id):
            problems.append(f"question `{q.id}`: show_if goes round in a circle")
    return problems


def _reaches(start: str, current: str, by_id: dict[str, Question]) -> bool:
    """Whether following show_if from `current` comes back to `start`."""
    seen: set[str] = set()
    while current not in seen:
        if current == start:
            return True
        seen.add(current)
        condition = by_id[current].show_if if current in by_id else None
        if condition is None:
            return False
        current = condition.question
    return False


def _coverage_problems(rubric: Rubric) -> list[str]:
    scored = Counter(q.capability for q in rubric.questions if not q.context)
    return [
        f"capability `{c.id}`: has {scored[c.id]} scored question(s), needs at least two"
        for c in rubric.capabilities
        if scored[c.id] < MIN_SCORED_QUESTIONS
    ]


def _framework_problems(fw: Framework, rubric: Rubric, cap_ids: set[str]) -> list[str]:
    where = f"framework `{fw.id}`"
    numbers = [lvl.level for lvl in fw.levels]
    problems = []
    if numbers != list(range(len(numbers))) or not numbers:
        problems.append(f"{where}: levels must be numbered 0, 1, 2... in order (got {numbers})")
    required = [c for lvl in fw.levels for c in lvl.requires]
    problems += [f"{where}: requires `{c}` at more than one level" for c in _duplicates(required)]
    for lvl in fw.levels:
        if lvl.level == 0 and lvl.requires:
            problems.append(f"{where} level 0: requires nothing by definition")
        for cap_id in lvl.requires:
            if cap_id not in cap_ids:
                problems.append(
                    f"{where} level {lvl.level}: requires unknown capability `{cap_id}`"
                )
            elif rubric.capability(cap_id).optional:
                problems.append(
                    f"{where} level {lvl.level}: requires optional capability `{cap_id}`"
                )
    return problems


def _level_problems(rubric: Rubric, cap_ids: set[str]) -> list[str]:
    problems = []
    for fw in rubric.frameworks.values():
        problems += _framework_problems(fw, rubric, cap_ids)
    required = {c for fw in rubric.frameworks.values() for lvl in fw.levels for c in lvl.requires}
    problems += [
        f"capability `{c.id}`: required by no level; mark it optional or require it"
        for c in rubric.capabilities
        if not c.optional and c.id not in required
    ]
    return problems


def _evidence_problems(rubric: Rubric, cap_ids: set[str]) -> list[str]:
    problems = [
        f"evidence `{cap_id}`: unknown capability"
        for cap_id in rubric.evidence
        if cap_id not in cap_ids
    ]
    for cap in rubric.capabilities:
        if cap.telemetry and cap.id not in rubric.evidence:
            problems.append(
                f"capability `{cap.id}`: telemetry can show it but it has no evidence parameters"
            )
        if not cap.telemetry and cap.id in rubric.evidence:
            problems.append(f"evidence `{cap.id}`: the capability is marked telemetry = false")
    return problems


def rubric_problems(rubric: Rubric) -> list[str]:
    """Every semantic problem of a rubric (empty when it is sound)."""
    cap_ids = {c.id for c in rubric.capabilities}
    problems = _id_problems(rubric)
    for q in rubric.questions:
        problems += _question_problems(q, rubric, cap_ids)
    problems += _show_if_problems(rubric)
    problems += _coverage_problems(rubric)
    problems += _level_problems(rubric, cap_ids)
    problems += _evidence_problems(rubric, cap_ids)
    return problems
