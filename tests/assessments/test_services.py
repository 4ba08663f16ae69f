"""Tenancy services: organisations for scripts, members and invitations, jobs."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from assessments import services
from assessments.errors import DomainError
from assessments.models import Job, Membership, Organization, Role, Team


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


def test_a_job_is_queued_only_once_its_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        job = services.job_create(kind="worker_ping")
    assert len(callbacks) == 1
    assert Job.objects.get(id=job.id).status == Job.Status.QUEUED


def test_an_unknown_job_kind_is_refused(db):
    with pytest.raises(DomainError, match="Unknown job kind"):
        services.job_create(kind="nope")


def test_the_demo_seed_keeps_data_and_password_on_a_second_run(db, tmp_path, capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert Team.objects.filter(organization__slug="acme").count() == 3
    password = next(line.split()[-1] for line in first.splitlines() if "Password" in line)
    assert len(password) >= 12
    assert password in second
