"""API tokens: issuing, hashing, revoking, the bearer scheme, the pages, the admin, the command."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mlops_site.errors import DomainError
from tenancy.models import ApiToken
from tenancy.services.tokens import TOKEN_PATTERN, token_issue, token_revoke
from tests.telemetry.helpers import event, issue, send


def test_an_issued_token_has_256_bits_of_secret_and_only_its_hash_is_stored(world):
    issued = issue(world.org)
    match = TOKEN_PATTERN.fullmatch(issued.secret)
    assert match is not None
    assert len(match.group(2)) * 4 == 256
    stored = ApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert stored.prefix == match.group(1)
    assert issued.secret not in str(ApiToken.objects.values().get())


def test_two_tokens_never_share_a_secret(world):
    assert issue(world.org).secret != issue(world.org).secret


def test_a_token_cannot_be_limited_to_another_organisations_team(world):
    with pytest.raises(DomainError, match="another organisation"):
        token_issue(organization=world.org, name="x", team=world.foreign_team)


def test_a_token_needs_a_name(world):
    with pytest.raises(DomainError, match="needs a name"):
        token_issue(organization=world.org, name="  ")


def test_revoking_twice_keeps_the_first_date(world):
    token = issue(world.org).token
    first = token_revoke(token=token).revoked_at
    assert token_revoke(token=token).revoked_at == first


def test_last_used_is_recorded_at_most_once_a_minute(world):
    issued = issue(world.org)
    send(issued.secret, event("ci_run", 1))
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    send(issued.secret, event("ci_run", 2))
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    send(issued.secret, event("ci_run", 3))
    latest = ApiToken.objects.get().last_used_at
    assert latest is not None
    assert latest > first


@pytest.mark.parametrize("limited", [False, True])
def test_the_token_read_on_each_request_matches_what_the_orm_loads(world, limited):
    from tenancy.token_store import token_by_hash

    issued = issue(world.org, team=world.team) if limited else issue(world.org)
    token_revoke(token=issued.token)
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(hours=1))
    expected = ApiToken.objects.select_related("team").get()
    loaded = token_by_hash(expected.key_hash)
    assert loaded is not None
    fields = [f.attname for f in ApiToken._meta.concrete_fields]
    assert [getattr(loaded, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert loaded.revoked_at is not None
    assert loaded.revoked_at.tzinfo is not None
    if limited:
        assert loaded.team is not None
        team_fields = [f.attname for f in type(loaded.team)._meta.concrete_fields]
        assert [getattr(loaded.team, f) for f in team_fields] == [
            getattr(expected.team, f) for f in team_fields
        ]
    else:
        assert loaded.team is None
    assert token_by_hash(hashlib.sha256(b"unknown").hexdigest()) is None


def test_reading_tokens_in_a_thread_keeps_nothing_of_its_connection_alive(db):
    import gc
    import threading
    import weakref

    from django.db import connections

    from tenancy.token_store import token_by_hash

    wrappers = []

    def request_in_a_thread() -> None:
        assert token_by_hash(hashlib.sha256(b"unknown").hexdigest()) is None
        wrappers.append(weakref.ref(connections["default"]))
        connections["default"].close()

    thread = threading.Thread(target=request_in_a_thread)
    thread.start()
    thread.join()
    gc.collect()
    assert len(wrappers) == 1
    assert wrappers[0]() is None


def _api_get(secret: str, team: str, **params: str):
    url = reverse("api-team-detail", kwargs={"team": team})
    return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_token_reads_the_teams_of_its_organisation_only(world):
    secret = issue(world.org).secret
    assert _api_get(secret, world.team.slug).json()["slug"] == world.team.slug
    assert _api_get(secret, world.other_team.slug).status_code == 200
    assert _api_get(secret, world.foreign_team.slug).status_code == 404
    assert _api_get(secret, world.team.slug, org=world.foreign_org.slug).status_code == 404


def test_a_team_limited_token_reads_only_its_team(world):
    secret = issue(world.org, world.team).secret
    assert _api_get(secret, world.team.slug).status_code == 200
    assert _api_get(secret, world.other_team.slug).status_code == 404


def test_a_revoked_token_cannot_read_either(world):
    issued = issue(world.org)
    token_revoke(token=issued.token)
    response = _api_get(issued.secret, world.team.slug)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


# --- pages --------------------------------------------------------------------------------


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_issues_a_token_and_sees_it_exactly_once(world):
    client = _client(world.admin)
    response = client.post(
        reverse("token-new", kwargs={"org": world.org.slug}),
        {"name": "fraud training", "team": world.team.pk},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.encode() in response.content
    assert b"shown only this once" in response.content
    assert "no-store" in response["Cache-Control"]
    assert (token.team, token.created_by, token.name) == (world.team, world.admin, "fraud training")
    listing = client.get(reverse("token-list", kwargs={"org": world.org.slug}))
    assert secret.encode() not in listing.content
    assert f"mm_{token.prefix}_".encode() in listing.content
    assert send(secret, event()).status_code == 202


def test_the_issue_form_offers_only_the_organisations_teams(world):
    client = _client(world.admin)
    response = client.post(
        reverse("token-new", kwargs={"org": world.org.slug}),
        {"name": "sneaky", "team": world.foreign_team.pk},
    )
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_an_admin_revokes_a_token_after_confirming(world):
    issued = issue(world.org)
    client = _client(world.admin)
    url = reverse("token-revoke", kwargs={"org": world.org.slug, "token": issued.token.pk})
    assert b"Revoke the token" in client.get(url).content
    assert ApiToken.objects.get().revoked_at is None
    response = client.post(url, follow=True)
    assert b"is revoked" in response.content
    assert ApiToken.objects.get().revoked_at is not None
    assert send(issued.secret, event()).status_code == 401


def test_a_token_of_another_organisation_cannot_be_revoked_through_ours(world):
    foreign = issue(world.foreign_org)
    url = reverse("token-revoke", kwargs={"org": world.org.slug, "token": foreign.token.pk})
    assert _client(world.admin).post(url).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("who", ["viewer", "lead", "member"])
@pytest.mark.parametrize("name", ["token-list", "token-new", "token-revoke"])
def test_only_organisation_admins_manage_tokens(world, who, name):
    token = issue(world.org).token
    kwargs = {"org": world.org.slug} | ({"token": token.pk} if name == "token-revoke" else {})
    client = _client(getattr(world, who))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403
    # The list only reads (405 for a POST); the others refuse before doing anything.
    assert client.post(reverse(name, kwargs=kwargs), {"name": "x"}).status_code in (403, 405)
    assert ApiToken.objects.get().revoked_at is None
    assert ApiToken.objects.count() == 1


def test_the_organisation_page_links_admins_to_the_tokens(world):
    url = reverse("organization-detail", kwargs={"org": world.org.slug})
    tokens_url = reverse("token-list", kwargs={"org": world.org.slug}).encode()
    assert tokens_url in _client(world.admin).get(url).content
    assert tokens_url not in _client(world.viewer).get(url).content


# --- admin console and command ------------------------------------------------------------


def test_the_admin_console_lists_and_revokes_tokens_without_showing_hashes(world):
    issued = issue(world.org)
    staff = User.objects.create_superuser("root", "root@example.com", "pw")
    client = _client(staff)
    changelist = reverse("admin:tenancy_apitoken_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    change = client.get(reverse("admin:tenancy_apitoken_change", args=[issued.token.pk]))
    assert issued.token.key_hash.encode() not in change.content
    assert client.get(reverse("admin:tenancy_apitoken_add")).status_code == 403
    client.post(changelist, {"action": "revoke", "_selected_action": [issued.token.pk]})
    assert ApiToken.objects.get().revoked_at is not None


def test_issue_token_prints_only_a_working_token(world):
    out = StringIO()
    call_command(
        "issue_token", world.org.slug, "--team", world.team.slug, "--name", "ci", stdout=out
    )
    secret = out.getvalue().strip()
    assert TOKEN_PATTERN.fullmatch(secret)
    assert ApiToken.objects.get().team == world.team
    body = event()
    del body["team"]
    assert send(secret, body).status_code == 202


@pytest.mark.parametrize(
    ("args", "message"), [(["nope"], "No organisation"), (["acme", "--team", "churn"], "No team")]
)
def test_issue_token_refuses_unknown_organisations_and_teams(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("issue_token", *args, stdout=StringIO())


def test_tokens_are_ordered_newest_first(world):
    older = issue(world.org, name="older").token
    ApiToken.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=1))
    issue(world.org, name="newer")
    assert [t.name for t in ApiToken.objects.all()] == ["newer", "older"]
