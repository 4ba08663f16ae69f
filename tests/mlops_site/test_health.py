"""/healthz: no login, JSON, `ok` or `failing` per dependency, 503 when one fails,
the reason only in the log and for staff, and never longer than its deadline."""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from mlops_site import health


@pytest.fixture(autouse=True)
def _no_earlier_outcome():
    """Each test's requests start checks of their own, not an earlier test's."""
    health._running.clear()


def _refused() -> None:
    raise ConnectionError("refused by broker.internal:5672")


def test_healthz_answers_without_login_with_each_check(db, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "cache": "ok"},
    }


def test_healthz_says_which_dependency_is_down_and_not_why(db, client, caplog):
    with mock.patch("mlops_site.health._broker", _refused):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "broker": "failing", "cache": "ok"},
    }
    assert b"broker.internal" not in response.content
    assert "refused by broker.internal:5672" in caplog.text


@pytest.mark.parametrize(("staff", "shown"), [(True, True), (False, False)])
def test_only_signed_in_staff_see_why_a_check_failed(db, client, staff, shown):
    user = User.objects.create_user("ops", password="pw", is_staff=staff)
    client.force_login(user)
    with mock.patch("mlops_site.health._broker", _refused):
        body = client.get(reverse("healthz")).json()
    assert body["checks"]["broker"] == "failing"
    if shown:
        assert body["details"]["broker"] == "ConnectionError: refused by broker.internal:5672"
        assert body["details"]["database"].endswith(" ms")
    else:
        assert "details" not in body


@pytest.fixture
def hung_broker():
    """A broker probe that blocks until released, counting its calls."""
    release = threading.Event()
    calls: list[float] = []

    def probe() -> None:
        calls.append(time.monotonic())
        release.wait(30)

    with (
        mock.patch("mlops_site.health._broker", probe),
        mock.patch.object(health, "DEADLINE_S", 0.5),
    ):
        yield calls
        release.set()
        for check in list(health._running.values()):
            check.future.result(timeout=5)


def test_a_hung_dependency_fails_by_the_deadline_and_is_probed_once(db, client, hung_broker):
    started = time.monotonic()
    first = client.get(reverse("healthz"))
    assert first.status_code == 503
    assert first.json()["checks"] == {"database": "ok", "broker": "failing", "cache": "ok"}
    assert time.monotonic() - started < 2
    # Later requests share the check still under way: no new thread blocks on it,
    # and as it is already past its deadline they are answered at once.
    again = time.monotonic()
    for _ in range(5):
        assert client.get(reverse("healthz")).json()["checks"]["broker"] == "failing"
    assert time.monotonic() - again < 1
    assert len(hung_broker) == 1


def test_an_outcome_answers_for_a_moment_then_the_dependency_is_asked_again(db, client):
    with mock.patch("mlops_site.health._broker") as probe:
        client.get(reverse("healthz"))
        client.get(reverse("healthz"))
        assert probe.call_count == 1
        with mock.patch.object(health, "FRESH_S", 0.0):
            time.sleep(0.01)
            client.get(reverse("healthz"))
        assert probe.call_count == 2
