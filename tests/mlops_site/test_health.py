"""/healthz: no login, JSON, 503 when a dependency is down."""

from __future__ import annotations

from unittest import mock

from django.urls import reverse


def test_healthz_answers_without_login_with_each_check(db, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["broker"]["ok"]


def test_healthz_says_which_dependency_is_down(db, client):
    with mock.patch("mlops_site.health._broker", side_effect=ConnectionError("refused")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False, "error": "ConnectionError: refused"}
