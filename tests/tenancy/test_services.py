"""Tenancy services: organisations for scripts, members and invitations."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from mlops_site.errors import DomainError
from tenancy import services
from tenancy.models import Membership, Organization, Role, Team


def test_create_org_is_idempotent_and_adds_only_missing_teams(db, capsys):
    call_command("create_org", "acme", "--name", "Acme", "--team", "fraud")
    call_command("create_org", "acme", "--team", "fraud", "--team", "search")
    out = capsys.readouterr().out
    assert "organisation acme created; new teams: fraud" in out
    assert "organisation acme exists; new teams: search" in out
    assert Organization.objects.get().name == "Acme"
    assert set(Team.objects.values_list("slug", flat=True)) == {"fraud", "search"}


def test_create_org_refuses_a_bad_slug(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a valid slug"):
        call_command("create_org", "Not A Slug")


def test_adding_an_existing_person_gives_them_the_role_without_an_email(world):
    added = services.membership_add_or_invite(
        organization=world.org, email="VIEWER@example.com", role=Role.MEMBER, team=world.other_team
    )
    assert added.membership.user == world.viewer
    assert not added.user_created
    assert not mail.outbox


def test_inviting_a_new_person_creates_the_account_and_mails_a_link_after_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        added = services.membership_add_or_invite(
            organization=world.org, email="new@example.com", role=Role.MEMBER, team=world.team,
            domain="maturity.example.com", use_https=True,
        )  # fmt: skip
    assert added.user_created
    assert not added.membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "https://maturity.example.com/accounts/reset/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("role", "team_attr", "message"),
    [(Role.MEMBER, None, "need a team"), (Role.ORG_ADMIN, "team", "whole organisation"),
     (Role.MEMBER, "foreign_team", "another organisation"), ("boss", "team", "Unknown role")],
)  # fmt: skip
def test_membership_rules_are_explained(world, role, team_attr, message):
    team = getattr(world, team_attr) if team_attr else None
    with pytest.raises(DomainError, match=message):
        services.membership_add_or_invite(
            organization=world.org, email="x@example.com", role=role, team=team
        )
    assert not Membership.objects.filter(user__email="x@example.com").exists()
