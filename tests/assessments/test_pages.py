"""Pages: home, organisation, team, settings, login."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tenancy.models import Team


def test_the_home_page_lists_the_teams_a_person_can_see(world, client: Client):
    client.force_login(world.member)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Fraud" in response.content
    assert b"Search" not in response.content
    assert b"Churn" not in response.content


def test_a_person_without_organisation_is_told_what_to_do(db, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("lonely"))
    assert b"Ask an organisation admin" in client.get(reverse("home")).content


def test_a_team_lead_saves_team_settings(world, client):
    client.force_login(world.lead)
    url = reverse("team-settings", kwargs={"org": "acme", "team": "fraud"})
    response = client.post(url, {"name": "Fraud & abuse", "description": "Card fraud"})
    assert response.status_code == 302
    assert Team.objects.get(id=world.team.id).name == "Fraud & abuse"


def test_team_settings_with_an_empty_name_keep_what_was_typed(world, client):
    client.force_login(world.lead)
    url = reverse("team-settings", kwargs={"org": "acme", "team": "fraud"})
    response = client.post(url, {"name": "", "description": "kept text"})
    assert response.status_code == 200
    assert b"kept text" in response.content
    assert b"This field is required" in response.content
    assert Team.objects.get(id=world.team.id).name == "Fraud"


def test_team_settings_refuse_a_description_longer_than_a_few_paragraphs(world, client):
    client.force_login(world.lead)
    url = reverse("team-settings", kwargs={"org": "acme", "team": "fraud"})
    response = client.post(url, {"name": "Fraud", "description": "x" * 1_000_000})
    assert response.status_code == 200
    assert b"at most 2000 characters" in response.content
    assert Team.objects.get(id=world.team.id).description == ""


def test_a_member_may_not_open_team_settings(world, client):
    client.force_login(world.member)
    url = reverse("team-settings", kwargs={"org": "acme", "team": "fraud"})
    assert client.get(url).status_code == 403


def test_login_then_land_on_the_page_asked_for(world, client):
    target = reverse("team-detail", kwargs={"org": "acme", "team": "fraud"})
    response = client.post(
        reverse("login"), {"username": "member", "password": "pw-member", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target


def test_the_login_form_carries_a_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login"))
    assert b"csrfmiddlewaretoken" in page.content
    refused = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert refused.status_code == 403


def test_logout_is_a_post_and_ends_the_session(world, client):
    client.force_login(world.member)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
