"""The system check turns a broken definitions file into one clear startup error."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from assessments.rubric import loader
from assessments.rubric.checks import check_rubric_definitions
from tests.assessments.rubric.test_loader import SMALL, write


def test_the_shipped_definitions_pass_the_check():
    assert check_rubric_definitions() == []


def test_a_broken_definitions_file_is_one_error_listing_every_problem(tmp_path, monkeypatch):
    write(
        tmp_path,
        SMALL.replace('capability = "alpha"', 'capability = "gamma"', 1).replace(
            "level = 0", "level = 3"
        ),
    )
    monkeypatch.setattr(loader, "DEFINITIONS_DIR", tmp_path)
    [error] = check_rubric_definitions()
    assert error.id == "assessments.E001"
    assert "unknown capability `gamma`" in error.msg
    assert "levels must be numbered" in error.msg


def test_manage_py_check_fails_on_a_broken_definitions_file(tmp_path, monkeypatch):
    write(tmp_path, SMALL.replace("score = 1.0", "score = 2.0", 1))
    monkeypatch.setattr(loader, "DEFINITIONS_DIR", tmp_path)
    with pytest.raises(SystemCheckError, match=r"(?s)assessments.E001.*outside \[0, 1\]"):
        call_command("check")


def test_an_empty_definitions_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "DEFINITIONS_DIR", tmp_path)
    [error] = check_rubric_definitions()
    assert "no rubric version found" in error.msg
