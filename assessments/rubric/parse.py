"""Turns the parsed TOML of a definitions file into the frozen rubric types.

Every structural problem (a missing field, a value of the wrong type) is
appended to `problems` and parsing goes on with a placeholder, so that one run
reports everything that is wrong rather than the first thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from assessments.rubric.types import (
    ASPECTS,
    Aspect,
    Capability,
    Condition,
    Framework,
    Level,
    Option,
    Question,
    Rubric,
    Thresholds,
)

Table = Mapping[str, object]
EvidenceValue = bool | float | int | str | tuple[str, ...]

TOP_LEVEL_KEYS = {
    "version",
    "changelog",
    "thresholds",
    "capabilities",
    "frameworks",
    "evidence",
    "questions",
}
CAPABILITY_KEYS = {
    "id",
    "name",
    "description",
    "aspect",
    "telemetry",
    "allows_not_applicable",
    "optional",
}
QUESTION_KEYS = {
    "id",
    "capability",
    "text",
    "help",
    "options",
    "allows_not_applicable",
    "show_if",
    "context",
}


def _text(table: Table, key: str, where: str, problems: list[str], *, required: bool = True) -> str:
    value = table.get(key)
    if value is None:
        if required:
            problems.append(f"{where}: missing `{key}`")
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}: `{key}` must be a string")
        return ""
    return value


def _flag(table: Table, key: str, where: str, problems: list[str]) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        problems.append(f"{where}: `{key}` must be true or false")
        return False
    return value


def _number(table: Table, key: str, where: str, problems: list[str]) -> float | None:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{where}: `{key}` must be a number")
        return None
    return float(value)


def _tables(value: object, where: str, problems: list[str]) -> list[Table]:
    """The tables of an array of tables; anything else is a problem."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{where}: must be an array of tables")
        return []
    out: list[Table] = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            out.append(item)
        else:
            problems.append(f"{where}[{i}]: must be a table")
    return out


def _strings(value: object, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: must be a list of strings")
        return ()
    return tuple(value)


def _unknown_keys(table: Table, allowed: set[str], where: str, problems: list[str]) -> None:
    for key in sorted(set(table) - allowed):
        problems.append(f"{where}: unknown key `{key}`")


def _aspect(value: str) -> Aspect:
    for aspect in ASPECTS:
        if aspect == value:
            return aspect
    return ASPECTS[0]  # a placeholder; the wrong value is already a reported problem


def parse_capability(table: Table, where: str, problems: list[str]) -> Capability | None:
    _unknown_keys(table, CAPABILITY_KEYS, where, problems)
    cap_id = _text(table, "id", where, problems)
    if not cap_id:
        return None
    where = f"capability `{cap_id}`"
    aspect = _text(table, "aspect", where, problems)
    if aspect and aspect not in ASPECTS:
        problems.append(f"{where}: aspect `{aspect}` is not one of {', '.join(ASPECTS)}")
    if not isinstance(table.get("telemetry"), bool):
        problems.append(f"{where}: `telemetry` must be true or false")
    return Capability(
        id=cap_id,
        name=_text(table, "name", where, problems),
        description=_text(table, "description", where, problems),
        aspect=_aspect(aspect),
        telemetry=table.get("telemetry") is True,
        allows_not_applicable=_flag(table, "allows_not_applicable", where, problems),
        optional=_flag(table, "optional", where, problems),
    )


def parse_option(table: Table, where: str, problems: list[str], *, context: bool) -> Option:
    _unknown_keys(table, {"id", "label", "score"}, where, problems)
    option_id = _text(table, "id", where, problems)
    where = f"{where} (`{option_id}`)" if option_id else where
    score = 0.0
    if not context or "score" in table:
        score = _number(table, "score", where, problems) or 0.0
    return Option(id=option_id, label=_text(table, "label", where, problems), score=score)


def parse_condition(value: object, where: str, problems: list[str]) -> Condition | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(f"{where}: `show_if` must be a table with `question` and `any_of`")
        return None
    _unknown_keys(value, {"question", "any_of"}, f"{where} show_if", problems)
    return Condition(
        question=_text(value, "question", f"{where} show_if", problems),
        any_of=_strings(value.get("any_of"), f"{where} show_if.any_of", problems),
    )


def parse_question(table: Table, where: str, problems: list[str]) -> Question | None:
    _unknown_keys(table, QUESTION_KEYS, where, problems)
    question_id = _text(table, "id", where, problems)
    if not question_id:
        return None
    where = f"question `{question_id}`"
    context = _flag(table, "context", where, problems)
    options = tuple(
        parse_option(t, f"{where} option {i + 1}", problems, context=context)
        for i, t in enumerate(_tables(table.get("options"), f"{where} options", problems))
    )
    return Question(
        id=question_id,
        capability=_text(table, "capability", where, problems, required=not context),
        text=_text(table, "text", where, problems),
        help=_text(table, "help", where, problems),
        options=options,
        allows_not_applicable=_flag(table, "allows_not_applicable", where, problems),
        show_if=parse_condition(table.get("show_if"), where, problems),
        context=context,
    )


def parse_level(table: Table, where: str, problems: list[str]) -> Level | None:
    _unknown_keys(table, {"level", "name", "description", "requires"}, where, problems)
    number = table.get("level")
    if isinstance(number, bool) or not isinstance(number, int):
        problems.append(f"{where}: `level` must be a whole number")
        return None
    where = f"{where} (level {number})"
    return Level(
        level=number,
        name=_text(table, "name", where, problems),
        requires=_strings(table.get("requires", []), f"{where} requires", problems),
        description=_text(table, "description", where, problems, required=False),
    )


def parse_framework(fw_id: str, table: object, problems: list[str]) -> Framework | None:
    where = f"framework `{fw_id}`"
    if not isinstance(table, dict):
        problems.append(f"{where}: must be a table")
        return None
    _unknown_keys(table, {"name", "source", "levels"}, where, problems)
    levels = (
        parse_level(t, f"{where} levels[{i}]", problems)
        for i, t in enumerate(_tables(table.get("levels"), f"{where} levels", problems))
    )
    return Framework(
        id=fw_id,
        name=_text(table, "name", where, problems),
        source=_text(table, "source", where, problems),
        levels=tuple(lvl for lvl in levels if lvl is not None),
    )


def parse_evidence_params(
    cap_id: str, table: object, problems: list[str]
) -> Mapping[str, EvidenceValue]:
    where = f"evidence `{cap_id}`"
    if not isinstance(table, dict):
        problems.append(f"{where}: must be a table of parameters")
        return MappingProxyType({})
    params: dict[str, EvidenceValue] = {}
    for key, value in table.items():
        if isinstance(value, list):
            params[key] = _strings(value, f"{where}.{key}", problems)
        elif not isinstance(value, bool | int | float | str):
            problems.append(
                f"{where}.{key}: must be true or false, a number, a string or a list of strings"
            )
        else:
            params[key] = value
    return MappingProxyType(params)


def parse_thresholds(value: object, problems: list[str]) -> Thresholds:
    if value is None:
        return Thresholds()
    if not isinstance(value, dict):
        problems.append("thresholds: must be a table")
        return Thresholds()
    defaults = Thresholds()
    _unknown_keys(value, set(defaults.__dataclass_fields__), "thresholds", problems)
    fractions = {}
    for key in ("claim_met", "claim_partial", "disagreement_spread"):
        number = (
            getattr(defaults, key)
            if key not in value
            else _number(value, key, "thresholds", problems)
        )
        if number is not None and not 0 <= number <= 1:
            problems.append(f"thresholds: `{key}` must be between 0 and 1")
        fractions[key] = number if number is not None else getattr(defaults, key)
    window = value.get("window_days", defaults.window_days)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        problems.append("thresholds: `window_days` must be a whole number of days, at least 1")
        window = defaults.window_days
    if fractions["claim_partial"] >= fractions["claim_met"]:
        problems.append("thresholds: `claim_partial` must be below `claim_met`")
    return Thresholds(window_days=window, **fractions)


def parse_rubric(data: Table, problems: list[str]) -> Rubric:
    """Build a rubric from merged TOML data, recording every structural problem."""
    _unknown_keys(data, TOP_LEVEL_KEYS, "definitions", problems)
    version = _text(data, "version", "definitions", problems)
    caps = (
        parse_capability(t, f"capabilities[{i}]", problems)
        for i, t in enumerate(_tables(data.get("capabilities"), "capabilities", problems))
    )
    questions = (
        parse_question(t, f"questions[{i}]", problems)
        for i, t in enumerate(_tables(data.get("questions"), "questions", problems))
    )
    frameworks = data.get("frameworks", {})
    if not isinstance(frameworks, dict) or not frameworks:
        problems.append("definitions: `frameworks` must be a table with at least one framework")
        frameworks = {}
    evidence = data.get("evidence", {})
    if not isinstance(evidence, dict):
        problems.append("definitions: `evidence` must be a table of tables")
        evidence = {}
    parsed_fws = {k: parse_framework(k, v, problems) for k, v in frameworks.items()}
    changelog = data.get("changelog", [])
    return Rubric(
        version=version,
        capabilities=tuple(c for c in caps if c is not None),
        frameworks=MappingProxyType({k: v for k, v in parsed_fws.items() if v is not None}),
        questions=tuple(q for q in questions if q is not None),
        thresholds=parse_thresholds(data.get("thresholds"), problems),
        evidence=MappingProxyType(
            {k: parse_evidence_params(k, v, problems) for k, v in evidence.items()}
        ),
        changelog=_strings(changelog, "changelog", problems),
    )
