"""The OpenAPI schema documents the ingestion contract; the docs page needs no outside network."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from telemetry.contract import ATTRIBUTES, EVENT_TYPES


@pytest.fixture
def schema(db) -> dict:
    response = Client().get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_has_a_request_example_for_every_event_type(schema):
    operation = schema["paths"]["/api/v1/events"]["post"]
    examples = operation["requestBody"]["content"]["application/json"]["examples"]
    types = {e["value"]["type"] for e in examples.values() if "type" in e["value"]}
    assert types == set(EVENT_TYPES)
    responses = operation["responses"]
    assert {"202", "400", "401", "409", "413", "429"} <= set(responses)
    assert "examples" in responses["202"]["content"]["application/json"]


def test_the_schema_documents_the_bearer_scheme_on_the_events_endpoint(schema):
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "mm_<prefix>_<secret>",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert schema["paths"]["/api/v1/events"]["post"]["security"] == [{"bearerAuth": []}]


def test_the_schema_lists_every_event_type_as_an_enum(schema):
    request = schema["paths"]["/api/v1/events"]["post"]["requestBody"]["content"][
        "application/json"
    ]
    single = request["schema"]["oneOf"][0]
    # One schema per event type, each with that type's attributes.
    types = [branch["properties"]["type"]["enum"] for branch in single["oneOf"]]
    assert types == [[event_type] for event_type in EVENT_TYPES]
    for branch, event_type in zip(single["oneOf"], EVENT_TYPES, strict=True):
        attributes = branch["properties"]["attributes"]["properties"]
        assert set(attributes) == set(ATTRIBUTES[event_type])


def test_the_docs_page_loads_only_our_own_static_files(db):
    page = Client().get(reverse("api-docs")).content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert urls, "the docs page should load its scripts and styles"
    assert all(u.startswith("/static/") or u.startswith("/api/") for u in urls), urls
    assert "cdn" not in page.lower()
    assert "//" not in " ".join(u for u in urls if not u.startswith("/static/"))
