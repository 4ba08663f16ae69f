"""Admin console: lists, search, inlines, adding members."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tenancy.models import Membership


@pytest.fixture
def staff_client(world, client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


@pytest.mark.parametrize(
    "name", ["tenancy_organization", "tenancy_team", "tenancy_membership", "jobs_job"]
)
def test_every_admin_list_opens_and_searches(staff_client, name):
    url = reverse(f"admin:{name}_changelist")
    assert staff_client.get(url).status_code == 200
    assert staff_client.get(url, {"q": "acme"}).status_code == 200


def test_the_organisation_page_shows_teams_and_memberships_inline(world, staff_client):
    page = staff_client.get(reverse("admin:tenancy_organization_change", args=[world.org.pk]))
    assert page.status_code == 200
    assert b"fraud" in page.content
    assert b"Membership" in page.content


def test_the_add_member_action_gives_an_existing_person_a_role(world, staff_client):
    action = staff_client.post(
        reverse("admin:tenancy_organization_changelist"),
        {"action": "add_member", "_selected_action": [world.org.pk]},
    )
    assert action.status_code == 302
    response = staff_client.post(
        action["Location"],
        {"email": "viewer@example.com", "role": "member", "team": world.other_team.pk},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.viewer, team=world.other_team).exists()


def test_the_add_member_form_explains_a_broken_rule(world, staff_client):
    url = reverse("admin:tenancy_organization_add_member", args=[world.org.pk])
    response = staff_client.post(url, {"email": "x@example.com", "role": "member", "team": ""})
    assert response.status_code == 200
    assert b"need a team" in response.content
