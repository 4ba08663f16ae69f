"""The API's schema says what it answers: errors in the one JSON shape, documented on
every operation; the live contract check is in tests/integration/test_api_contract.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tenancy.services.tokens import token_issue


@pytest.fixture
def schema(db) -> dict:
    response = Client().get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    return response.json()


def _operations(schema: dict):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_documents_its_errors_and_requires_its_body(schema):
    for name, operation in _operations(schema):
        assert "401" in operation["responses"], name
        if "{team}" in name:
            assert {"400", "404"} <= set(operation["responses"]), name
        if "requestBody" in operation:
            assert operation["requestBody"]["required"] is True, name
            assert set(operation["requestBody"]["content"]) == {"application/json"}, name


def test_an_api_token_is_documented_as_refused_for_answer_imports(schema):
    operation = schema["paths"]["/api/v1/teams/{team}/assessments"]["post"]
    assert "403" in operation["responses"]
    assert "API token" in operation["responses"]["403"]["description"]


def test_a_path_under_the_api_that_matches_nothing_answers_the_json_error(db):
    response = Client().get("/api/v1/teams/not a slug/scorecard")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_empty_window_is_refused_not_taken_for_the_default(world):
    token = token_issue(organization=world.org, name="t").secret
    url = reverse("api-team-scorecard", kwargs={"team": world.team.slug})
    response = Client().get(url, {"window": ""}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    assert "window" in response.json()["errors"]


def test_the_api_refuses_bodies_that_are_not_json(world):
    client = Client()
    client.force_login(world.member)
    url = reverse("api-team-assessments", kwargs={"team": world.team.slug})
    response = client.post(url, {"answers": "x"})  # a form, as the schema no longer offers
    assert response.status_code == 415
    assert "detail" in response.json()
