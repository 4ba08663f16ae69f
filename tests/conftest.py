"""Shared fixtures: personas for permissions, and the check that configured services answer."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from tenancy.models import Membership, Organization, Role, Team


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
