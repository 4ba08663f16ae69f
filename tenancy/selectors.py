"""Reads of the tenancy app shared by pages, the API and tasks."""

from __future__ import annotations

from tenancy.models import ApiToken, Organization


def api_tokens_for_organization(organization: Organization) -> list[ApiToken]:
    return list(
        ApiToken.objects.filter(organization=organization).select_related("team", "created_by")
    )
