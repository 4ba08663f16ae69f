"""Shared fixtures: the clock, personas for permissions, and the check that configured
services answer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from mlops_site import clock as site_clock
from tenancy.models import Membership, Organization, Role, Team


def pinned_now() -> datetime:
    """Where every test's clock starts: TEST_NOW (ISO 8601 with a zone, e.g.
    2027-03-01T00:00:00Z) or, by default, a fixed Friday noon."""
    raw = os.environ.get("TEST_NOW", "").strip()
    if not raw:
        return datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    at = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    if at.tzinfo is None:
        raise pytest.UsageError(f"TEST_NOW needs a zone, as in 2027-03-01T00:00:00Z: {raw!r}")
    return at.astimezone(UTC)


#: The instant the clock fixture starts at, for tables built before any test runs.
NOW = pinned_now()


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest) -> Iterator[site_clock.FrozenClock | None]:
    """The site's clock, frozen at NOW for every test; `clock.advance(...)` moves it.

    Integration tests share the database with a worker process, which reads the
    real clock: there the test keeps the real clock too (None), so both sides agree.
    """
    if request.node.get_closest_marker("integration"):
        yield None
        return
    with site_clock.using(site_clock.FrozenClock(NOW)) as frozen:
        yield frozen


def pytest_sessionstart(session: pytest.Session) -> None:
    """A configured database or broker that does not answer fails the run under CI."""
    from tests.services import unreachable_services

    problems = unreachable_services()
    if problems and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.exit("Configured services are unreachable: " + "; ".join(problems), returncode=3)
    session.config.stash[UNREACHABLE] = problems


UNREACHABLE = pytest.StashKey[list[str]]()


@dataclass(frozen=True)
class World:
    """Two organisations and one person of each kind, for permission tests."""

    org: Organization
    team: Team
    other_team: Team
    foreign_org: Organization
    foreign_team: Team
    admin: User
    lead: User
    member: User
    viewer: User
    outsider: User


def _user(name: str) -> User:
    return User.objects.create_user(
        username=name, email=f"{name}@example.com", password="pw-" + name
    )


@pytest.fixture
def world(db: None) -> World:
    org = Organization.objects.create(slug="acme", name="Acme")
    team = Team.objects.create(organization=org, slug="fraud", name="Fraud")
    other_team = Team.objects.create(organization=org, slug="search", name="Search")
    foreign_org = Organization.objects.create(slug="globex", name="Globex")
    foreign_team = Team.objects.create(organization=foreign_org, slug="churn", name="Churn")
    people = {n: _user(n) for n in ("admin", "lead", "member", "viewer", "outsider")}
    Membership.objects.create(user=people["admin"], organization=org, role=Role.ORG_ADMIN)
    Membership.objects.create(user=people["lead"], organization=org, team=team, role=Role.TEAM_LEAD)
    Membership.objects.create(user=people["member"], organization=org, team=team, role=Role.MEMBER)
    Membership.objects.create(user=people["viewer"], organization=org, role=Role.VIEWER)
    Membership.objects.create(
        user=people["outsider"], organization=foreign_org, role=Role.ORG_ADMIN
    )
    return World(org, team, other_team, foreign_org, foreign_team, **people)


@pytest.fixture
def data_dir() -> str:
    return str(settings.DATA_DIR)
