"""Settings from the environment: strict helpers, safe defaults, deploy checks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from mlops_site.checks import secret_key_is_real
from mlops_site.env import (
    SettingError,
    cache_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
)
from mlops_site.version import git_commit
from tests.environment import production_environment

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("YES", True), ("off", False), ("", False)]
)
def test_booleans_accept_the_usual_spellings(raw, value):
    assert env_bool("X", not value, environ={"X": raw}) is value


def test_a_missing_boolean_takes_its_default():
    assert env_bool("X", True, environ={}) is True


@pytest.mark.parametrize(
    ("call", "message"),
    [(lambda: env_bool("DEBUG", False, environ={"DEBUG": "maybe"}), "DEBUG must be one of"),
     (lambda: env_int("PORT", 1, environ={"PORT": "eighty"}), "PORT must be a whole number"),
     (lambda: env_int("N", 1, minimum=1, environ={"N": "0"}), "N must be at least 1"),
     (lambda: env_choice("LOG_FORMAT", "json", ("json", "text"), environ={"LOG_FORMAT": "xml"}),
      "LOG_FORMAT must be one of json, text")],
)  # fmt: skip
def test_bad_values_fail_loudly_and_name_the_variable(call, message):
    with pytest.raises(SettingError, match=message):
        call()


def test_the_cache_is_per_process_unless_a_redis_address_is_given():
    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")
    shared = cache_from_url("rediss://:secret@cache.example.com:6380/2")
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == "rediss://:secret@cache.example.com:6380/2"


@pytest.mark.parametrize("url", ["memcached://:secret@cache:11211", "cache.example.com:6379"])
def test_a_cache_address_that_is_not_redis_stops_start_up_without_showing_it(url):
    with pytest.raises(SettingError, match="CACHE_URL must start with redis://") as error:
        cache_from_url(url)
    assert "secret" not in str(error.value)
    assert url not in str(error.value)


def test_lists_are_comma_separated_and_trimmed():
    assert env_list("H", [], environ={"H": " a.example , b.example,"}) == ["a.example", "b.example"]


@override_settings(DEBUG=False, SECRET_KEY="development-only-insecure-key-do-not-deploy")
def test_the_development_key_is_refused_when_debug_is_off():
    assert [e.id for e in secret_key_is_real()] == ["mlops_site.E001"]


@override_settings(DEBUG=True, SECRET_KEY="development-only-insecure-key-do-not-deploy")
def test_the_development_key_is_fine_while_debugging():
    assert secret_key_is_real() == []


def _manage(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = production_environment(**env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=clean,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY="a-real-production-key-" + "k7Qz" * 12,
        ALLOWED_HOSTS="maturity.example.com",
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_starting_without_a_secret_key_and_debug_off_is_refused(tmp_path):
    result = _manage(["check"], DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "mlops_site.E001" in result.stderr


def test_a_typo_in_a_variable_stops_start_up(tmp_path):
    result = _manage(["check"], DEBUG="ture", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_the_reference_pipelines_settings_are_read_at_start(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.TELEMETRY_BASE_URL, s.JOBS_LEASE_S, s.PIPELINES_CODE_VERSION)"
    )
    result = _manage(
        ["shell", "-c", code],
        DEBUG="true",
        DATA_DIR=str(tmp_path),
        TELEMETRY_BASE_URL="https://maturity.example.com/",
        PIPELINES_RUN_LEASE_S="30",  # the lease's older name, still read
        PIPELINES_CODE_VERSION="release-7",
    )
    printed = result.stdout.splitlines()[-1]  # after the shell's note on its imports
    assert printed.split() == ["https://maturity.example.com", "30", "release-7"]


def test_a_run_lease_under_a_second_stops_start_up(tmp_path):
    result = _manage(["check"], DEBUG="true", PIPELINES_RUN_LEASE_S="0", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "PIPELINES_RUN_LEASE_S must be at least 1" in result.stderr


def test_the_code_version_is_the_commit_of_the_checkout(tmp_path):
    def git(*args: str) -> str:
        command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args]
        return subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, check=True
        ).stdout

    git("init", "-q")
    git("commit", "-q", "--allow-empty", "-m", "first")
    assert git_commit(tmp_path) == git("rev-parse", "--short=12", "HEAD").strip()
    assert len(git_commit(tmp_path)) == 12


def test_outside_a_checkout_there_is_no_commit(tmp_path):
    assert git_commit(tmp_path) == ""


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_logs_are_json_lines_by_default(tmp_path):
    code = "import logging; logging.getLogger('probe').warning('hello', extra={'team': 'fraud'})"
    result = _manage(
        ["shell", "-c", code], DEBUG="false", SECRET_KEY="x" * 60, DATA_DIR=str(tmp_path)
    )
    line = next(x for x in result.stderr.splitlines() if "hello" in x)
    record = json.loads(line)
    assert record["message"] == "hello"
    assert record["level"] == "WARNING"
    assert record["team"] == "fraud"
