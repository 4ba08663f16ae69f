"""Who sees and changes what, straight from the tenancy module."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from tenancy import access as tenancy
from tenancy.models import Membership, Role


def test_org_admins_and_org_wide_viewers_see_every_team_of_their_organisation(world):
    for person in (world.admin, world.viewer):
        slugs = set(tenancy.teams_visible_to(person).values_list("slug", flat=True))
        assert slugs == {"fraud", "search"}


def test_team_members_see_only_their_own_team(world):
    assert list(tenancy.teams_visible_to(world.member)) == [world.team]


def test_nobody_sees_teams_of_an_organisation_they_are_not_in(world):
    assert world.foreign_team not in tenancy.teams_visible_to(world.admin)
    assert list(tenancy.teams_visible_to(world.outsider)) == [world.foreign_team]


def test_anonymous_visitors_see_nothing(world):
    assert not tenancy.teams_visible_to(AnonymousUser()).exists()
    assert not tenancy.organizations_visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("person", "change", "manage"),
    [("admin", True, True), ("lead", True, True), ("member", True, False),
     ("viewer", False, False), ("outsider", False, False)],
)  # fmt: skip
def test_who_may_change_and_manage_a_team(world, person, change, manage):
    user = getattr(world, person)
    assert tenancy.can_change_team(user, world.team) is change
    assert tenancy.can_manage_team(user, world.team) is manage


def test_a_team_lead_without_a_team_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.member, organization=world.org, role=Role.TEAM_LEAD)


def test_an_org_admin_cannot_be_limited_to_one_team(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=world.member, organization=world.org, team=world.other_team, role=Role.ORG_ADMIN
        )
