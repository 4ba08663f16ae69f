"""The site's one clock: what it answers, how tests move it, and that nothing else is read."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from assessments.models import AssessmentRound
from mlops_site import clock as site_clock
from tenancy.models import Organization
from tests.conftest import NOW

#: Real-clock reads in the site's code that are not dates, each with its reason.
NOT_DATES = {
    ("tenancy/token_store.py", "time.time"): "a rate window every process counts alike",
    ("mlops_site/login_limits.py", "time.time"): "a rate window every process counts alike",
    ("pipelines/api.py", "time.time_ns"): "a key unique to one request",
}
CLOCK_READS = {
    ("timezone", "now"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}
STAMPING = {"auto_now", "auto_now_add"}


def test_the_clock_is_frozen_at_now_in_every_test(clock):
    assert site_clock.now() == NOW
    assert site_clock.now().tzinfo == UTC


def test_readings_keep_their_order_without_the_time_drifting(clock):
    readings = [site_clock.now() for _ in range(1000)]
    assert readings == sorted(set(readings))
    assert readings[-1] - readings[0] < timedelta(milliseconds=1)


def test_a_test_moves_the_clock_on_by_advancing_it(clock):
    clock.advance(timedelta(days=3))
    assert site_clock.now() == NOW + timedelta(days=3)


def test_the_real_clock_answers_until_a_test_sets_another(clock):
    with site_clock.using(site_clock._real):
        before, read, after = timezone.now(), site_clock.now(), timezone.now()
    assert before <= read <= after
    assert NOW <= site_clock.now() < NOW + timedelta(seconds=1)  # the frozen one is back


def test_a_frozen_clock_refuses_a_naive_time():
    with pytest.raises(ValueError, match="aware"):
        site_clock.FrozenClock(datetime(2027, 3, 1))


def test_stamping_fields_read_the_sites_clock(db, clock):
    org = Organization.objects.create(slug="acme", name="Acme")
    assert NOW <= org.created_at < clock.peek()


def test_a_default_of_now_reads_the_sites_clock(world, clock):
    clock.advance(timedelta(days=40))
    opened = AssessmentRound.objects.create(team=world.team, rubric_version="x").opened_at
    assert NOW + timedelta(days=40) <= opened < clock.peek()


def test_migrations_see_djangos_own_field():
    field = AssessmentRound._meta.get_field("opened_at")
    _, path, _, kwargs = field.deconstruct()
    assert path == "django.db.models.DateTimeField"
    assert kwargs["default"] is timezone.now


def _site_sources() -> Iterator[Path]:
    """Every Python file of the site's own apps, migrations aside."""
    base = Path(settings.BASE_DIR)
    # The site's apps are the top-level folders beside manage.py; third-party apps may
    # also live under the base folder, in a virtualenv there.
    roots = {Path(app.path) for app in apps.get_app_configs() if Path(app.path).parent == base}
    for root in sorted(roots):
        for path in sorted(root.rglob("*.py")):
            if "migrations" not in path.parts and path.name != "clock.py":
                yield path


def _clock_reads(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in CLOCK_READS:
                yield node.lineno, f"{node.value.id}.{node.attr}"
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "DateTimeField":
            stamping = {k.arg for k in node.keywords} & STAMPING
            if stamping and getattr(node.func.value, "id", "") != "clock":  # type: ignore[attr-defined]
                yield node.lineno, f"DateTimeField({stamping.pop()}=...)"


def test_the_sites_code_reads_the_time_only_through_its_clock():
    base = Path(settings.BASE_DIR)
    found = []
    for path in _site_sources():
        relative = path.relative_to(base).as_posix()
        for line, read in _clock_reads(ast.parse(path.read_text(), str(path))):
            if (relative, read) not in NOT_DATES:
                found.append(f"{relative}:{line}: {read}")
    assert found == [], "read mlops_site.clock.now() (or its DateTimeField) instead"
