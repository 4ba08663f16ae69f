"""Resolving the team named in an API path, within what the caller may see."""

from __future__ import annotations

from django.http import Http404
from rest_framework.request import Request

from mlops_site.errors import DomainError
from tenancy import access as tenancy
from tenancy.models import ApiToken, Team


def team_from_path(request: Request, team_slug: str) -> Team:
    """The caller's team with this slug; 404 for teams of other organisations.

    A person in several organisations that share a team slug names the
    organisation with `?org=<slug>`. A token sees only its organisation's teams,
    and only its own team when it is limited to one.
    """
    org_slug = request.query_params.get("org")
    if isinstance(request.auth, ApiToken):
        return tenancy.team_get_for_token(request.auth, team_slug, org_slug)
    if org_slug:
        return tenancy.team_get_for_user(request.user, org_slug, team_slug)
    matches = tenancy.teams_matching_slug(request.user, team_slug)
    if not matches:
        raise Http404("No such team.")
    if len(matches) > 1:
        raise DomainError("Several of your organisations have this team; add ?org=<slug>.")
    return matches[0]
