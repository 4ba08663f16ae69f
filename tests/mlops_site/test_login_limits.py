"""Guessing passwords: failed log-ins lock out, password-reset mail is rate limited."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from mlops_site.ratelimits import client_address

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    # Failed log-ins live in axes' tables, which each test's transaction resets;
    # password-reset counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def _log_in(client: Client, username: str, password: str, address: str = "10.0.0.1", *,
            url: str = LOGIN):  # fmt: skip
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _fail(client: Client, times: int, username: str = "member", address: str = "10.0.0.1"):
    for _ in range(times):
        assert _log_in(client, username, "wrong", address).status_code in (200, 429)


def test_sixty_wrong_passwords_then_the_right_one_does_not_log_in(world, client):
    _fail(client, 60)
    response = _log_in(client, "member", "pw-member")
    assert response.status_code == 429
    assert not _logged_in(client)


def test_the_lockout_says_what_happened_and_what_to_do(world, client):
    _fail(client, 10)
    page = _log_in(client, "member", "pw-member").content.decode()
    assert "Too many failed log-ins for this account or from your address" in page
    assert "paused for up to 15 minutes" in page
    assert "ask an administrator to unlock" in page


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(world, client):
    _fail(client, 9)
    assert _log_in(client, "member", "pw-member").status_code == 302
    assert _logged_in(client)


def test_the_admin_login_is_limited_too(world, client):
    User.objects.create_superuser("root", "root@example.com", "pw-root")
    _fail(client, 10, username="root")
    response = _log_in(client, "root", "pw-root", url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_an_account_is_locked_whichever_addresses_the_guesses_came_from(world, client):
    for n in range(10):
        _fail(client, 1, address=f"10.0.1.{n}")
    assert _log_in(client, "member", "pw-member", "10.0.2.1").status_code == 429


def test_an_address_trying_many_accounts_is_locked_for_every_account(world, client):
    for n in range(10):
        _fail(client, 1, username=f"guess{n}", address="10.0.3.1")
    assert _log_in(client, "member", "pw-member", "10.0.3.1").status_code == 429
    # Another address, another account's failures: the member is not locked.
    assert _log_in(client, "member", "pw-member", "10.0.3.2").status_code == 302


def test_logging_in_forgives_only_ones_own_failures_from_that_address(world, client):
    _fail(client, 9, username="member", address="10.0.4.1")
    # The guesser logs in to an account of their own from the same address...
    assert _log_in(Client(), "viewer", "pw-viewer", "10.0.4.1").status_code == 302
    # ...which does not clear the count against the member's account.
    _fail(client, 1, username="member", address="10.0.4.1")
    assert _log_in(client, "member", "pw-member", "10.0.4.9").status_code == 429


def test_the_member_s_own_mistakes_are_forgotten_once_they_log_in(world, client):
    _fail(client, 9)
    assert _log_in(client, "member", "pw-member").status_code == 302
    _fail(Client(), 9)
    assert _log_in(Client(), "member", "pw-member").status_code == 302


def test_a_lockout_ends_when_the_cool_off_has_passed(world, client):
    _fail(client, 10)
    last_failure = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=last_failure - timedelta(minutes=16))
    assert _log_in(client, "member", "pw-member").status_code == 302


def test_an_admin_unlocks_an_account_in_the_admin_console(world, client):
    _fail(client, 10)
    staff = Client()
    staff.force_login(User.objects.create_superuser("root", "root@example.com", "pw-root"))
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "member" in staff.get(changelist).content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    confirm = {"action": "delete_selected", "_selected_action": attempts, "post": "yes"}
    assert staff.post(changelist, confirm).status_code == 302
    assert _log_in(client, "member", "pw-member").status_code == 302


def test_an_operator_unlocks_an_account_from_the_command_line(world, client):
    _fail(client, 10)
    call_command("axes_reset_username", "member", stdout=StringIO())
    assert _log_in(client, "member", "pw-member").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [(0, "203.0.113.9", "10.9.9.9"),            # no proxy: the header is the client's own say
     (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the proxy appended the client
     (2, "198.51.100.1, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
     (1, "", "10.9.9.9")],                      # no header: the peer itself
)  # fmt: skip
def test_the_client_address_is_taken_only_from_trusted_proxies(proxies, forwarded, address):
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request) == address


def _ask_reset(client: Client, email: str, address: str = "10.0.5.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@override_settings(PASSWORD_RESET_RATE_PER_HOUR=3)
def test_password_reset_requests_are_limited_per_address_and_per_e_mail(world, client):
    assert [_ask_reset(client, "member@example.com").status_code for _ in range(3)] == [302] * 3
    refused = _ask_reset(client, "member@example.com")
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()
    assert "No link was sent" in refused.content.decode()
    # The same address asking for another account, or another address for this one.
    assert _ask_reset(client, "lead@example.com").status_code == 429
    assert _ask_reset(client, "MEMBER@example.com", "10.0.5.2").status_code == 429
    assert _ask_reset(client, "lead@example.com", "10.0.5.3").status_code == 302
    assert len(mail.outbox) == 4


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": "redis://127.0.0.1:9/0"}},  # nothing listens there
)  # fmt: skip
def test_password_reset_still_works_when_the_cache_is_down(world, client, caplog):
    assert _ask_reset(client, "member@example.com").status_code == 302
    assert len(mail.outbox) == 1
    assert "password reset requests not limited" in caplog.text
