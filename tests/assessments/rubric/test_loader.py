"""The loader reads the shipped rubric and rejects broken definitions, listing every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.rubric import loader
from assessments.rubric.loader import RubricError, available_versions, get_rubric, load_rubric

OPTIONS = """options = [
  { id = "no", label = "No", score = 0.0 },
  { id = "some", label = "Some", score = 0.5 },
  { id = "yes", label = "Yes", score = 1.0 },
]"""

SMALL = """
version = "9.1"
changelog = ["9.1: a small rubric for tests"]

[thresholds]
claim_met = 0.75
claim_partial = 0.4
disagreement_spread = 0.5
window_days = 90

[[capabilities]]
id = "alpha"
name = "Alpha"
description = "A"
aspect = "people"
telemetry = true

[[capabilities]]
id = "beta"
name = "Beta"
description = "B"
aspect = "model_release"
telemetry = false
allows_not_applicable = true

[frameworks.demo]
name = "Demo"
source = "tests"
[[frameworks.demo.levels]]
level = 0
name = "Zero"
requires = []
[[frameworks.demo.levels]]
level = 1
name = "One"
requires = ["alpha", "beta"]

[evidence.alpha]
min_share = 0.9
kinds = ["a", "b"]

[[questions]]
id = "mode"
context = true
text = "Mode?"
help = ""
options = [{ id = "batch", label = "Batch" }, { id = "online", label = "Online" }]

[[questions]]
id = "a1"
capability = "alpha"
text = "A1?"
help = "h"
OPTIONS

[[questions]]
id = "a2"
capability = "alpha"
text = "A2?"
help = "h"
OPTIONS

[[questions]]
id = "b1"
capability = "beta"
text = "B1?"
help = "h"
allows_not_applicable = true
OPTIONS

[[questions]]
id = "b2"
capability = "beta"
text = "B2?"
help = "h"
show_if = { question = "mode", any_of = ["online"] }
OPTIONS
""".replace("OPTIONS", OPTIONS)


def write(tmp_path: Path, text: str, version: str = "9.1") -> Path:
    folder = tmp_path / version
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rubric.toml").write_text(text, encoding="utf-8")
    return folder


def test_the_small_test_rubric_loads(tmp_path):
    rubric = load_rubric(write(tmp_path, SMALL))
    assert [c.id for c in rubric.capabilities] == ["alpha", "beta"]
    assert rubric.evidence["alpha"] == {"min_share": 0.9, "kinds": ("a", "b")}
    assert rubric.question("b2").show_if is not None
    assert rubric.question("mode").context


BROKEN = [
    (
        "unknown capability in a question",
        ('capability = "alpha"', 'capability = "gamma"'),
        ["question `a1`: unknown capability `gamma`"],
    ),
    (
        "level requires a missing capability",
        ('requires = ["alpha", "beta"]', 'requires = ["alpha", "beta", "delta"]'),
        ["requires unknown capability `delta`"],
    ),
    (
        "duplicate capability id",
        ('id = "beta"\nname', 'id = "alpha"\nname'),
        ["duplicate capability id `alpha`"],
    ),
    ("duplicate question id", ('id = "a2"', 'id = "a1"'), ["duplicate question id `a1`"]),
    (
        "duplicate option id",
        (
            '{ id = "some", label = "Some", score = 0.5 }',
            '{ id = "no", label = "Some", score = 0.5 }',
        ),
        ["duplicate option id `no`"],
    ),
    (
        "option score above one",
        (
            '{ id = "yes", label = "Yes", score = 1.0 }',
            '{ id = "yes", label = "Yes", score = 1.5 }',
        ),
        ["option `yes` score 1.5 is outside [0, 1]"],
    ),
    (
        "not applicable where the capability does not allow it",
        ('capability = "alpha"', 'capability = "alpha"\nallows_not_applicable = true'),
        ["question `a1`: allows not applicable, but capability `alpha` does not"],
    ),
    (
        "show_if naming an unknown question",
        ('question = "mode"', 'question = "moda"'),
        ["show_if names unknown question `moda`"],
    ),
    (
        "show_if naming an unknown option",
        ('any_of = ["online"]', 'any_of = ["streaming"]'),
        ["show_if names unknown option `streaming` of question `mode`"],
    ),
    (
        "a capability with one scored question",
        ('id = "a2"\ncapability = "alpha"', 'id = "a2"\ncapability = "beta"'),
        ["capability `alpha`: has 1 scored question(s), needs at least two"],
    ),
    (
        "levels not numbered from zero",
        ("level = 0", "level = 2"),
        ["levels must be numbered 0, 1, 2"],
    ),
    (
        "evidence for an unknown capability",
        ("[evidence.alpha]", "[evidence.beta]\nx = 1\n[evidence.omega]\ny = 2\n[evidence.alpha]"),
        [
            "evidence `omega`: unknown capability",
            "evidence `beta`: the capability is marked telemetry = false",
        ],
    ),
    (
        "evidence missing for a telemetry capability",
        ('[evidence.alpha]\nmin_share = 0.9\nkinds = ["a", "b"]', ""),
        ["capability `alpha`: telemetry can show it but it has no evidence parameters"],
    ),
    (
        "an unknown aspect",
        ('aspect = "people"', 'aspect = "culture"'),
        ["aspect `culture` is not one of"],
    ),
    ("a misspelt top-level table", ("[thresholds]", "[threshold]"), ["unknown key `threshold`"]),
    (
        "a version that is not its folder's name",
        ('version = "9.1"', 'version = "9.2"'),
        ["version `9.2` differs from its folder name `9.1`"],
    ),
    ("invalid TOML", ("[thresholds]", "[thresholds"), ["rubric.toml: cannot be read"]),
]


@pytest.mark.parametrize(("case", "edit", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_the_loader_rejects_a_broken_file_naming_the_problem(tmp_path, case, edit, expected):
    old, new = edit
    assert old in SMALL, case
    with pytest.raises(RubricError) as err:
        load_rubric(write(tmp_path, SMALL.replace(old, new, 1)))
    for text in expected:
        assert any(text in p for p in err.value.problems), (text, err.value.problems)


def test_the_loader_lists_every_problem_of_a_file_at_once(tmp_path):
    text = SMALL
    for _case, (old, new), _expected in BROKEN[:11]:
        text = text.replace(old, new, 1)
    with pytest.raises(RubricError) as err:
        load_rubric(write(tmp_path, text))
    message = str(err.value)
    for fragment in (
        "unknown capability `gamma`",
        "unknown capability `delta`",
        "duplicate question id",
        "outside [0, 1]",
        "show_if names unknown question",
        "levels must be numbered",
    ):
        assert fragment in message
    assert len(err.value.problems) >= 8


def test_a_version_may_be_split_over_several_files(tmp_path):
    head, questions = SMALL.split("[[questions]]", 1)
    folder = write(tmp_path, head)
    (folder / "questions.toml").write_text("[[questions]]" + questions, encoding="utf-8")
    assert len(load_rubric(folder).questions) == 5


def test_a_table_defined_in_two_files_is_a_problem(tmp_path):
    folder = write(tmp_path, SMALL)
    (folder / "extra.toml").write_text("[evidence.alpha]\nmin_share = 0.5\n", encoding="utf-8")
    with pytest.raises(RubricError, match=r"evidence.alpha` is defined in more than one file"):
        load_rubric(folder)


def test_versions_are_ordered_by_number_and_the_newest_is_current(tmp_path, monkeypatch):
    for version in ("9.1", "9.10", "9.2"):
        write(tmp_path, SMALL.replace('version = "9.1"', f'version = "{version}"'), version)
    monkeypatch.setattr(loader, "DEFINITIONS_DIR", tmp_path)
    assert available_versions() == ("9.1", "9.2", "9.10")
    assert get_rubric().version == "9.10"
    assert get_rubric("9.2").version == "9.2"
    assert get_rubric() is get_rubric("9.10")  # cached
    with pytest.raises(LookupError, match=r"available: 9\.1, 9\.2, 9\.10"):
        get_rubric("8.0")


def test_the_shipped_rubric_is_the_current_version_and_loads_cleanly():
    assert available_versions()[-1] == get_rubric().version
    for version in available_versions():
        assert get_rubric(version).changelog, f"{version} has no changelog entry"
