"""Helpers shared by the telemetry tests: tokens, events and a client that sends them."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from telemetry.api.docs import example_event
from tenancy.models import Organization, Team
from tenancy.services.tokens import IssuedToken, token_issue


def issue(org: Organization, team: Team | None = None, name: str = "ci") -> IssuedToken:
    return token_issue(organization=org, name=name, team=team)


def event(event_type: str = "training_run", number: int = 1, team: str = "fraud", **extra: Any):
    body = example_event(event_type, number)
    body["team"] = team
    body.update(extra)
    return body


def send(secret: str | None, payload: Any, *, raw: bytes | None = None, **headers: Any):
    client = Client()
    if secret is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    data = raw if raw is not None else json.dumps(payload)
    return client.post(reverse("api-events"), data=data, content_type="application/json", **headers)
