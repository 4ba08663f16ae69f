"""Resolving the team named in an API path, within what the caller may see."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from mlops_site.api_schema import error_responses
from mlops_site.errors import DomainError
from tenancy import access as tenancy
from tenancy.models import ApiToken, Team

ORG = OpenApiParameter(
    "org", str, description="Organisation slug, when several of yours have a team of this slug."
)
#: The error answers of every request that names a team in its path.
TEAM_ERRORS = error_responses(
    400,
    401,
    404,
    says={
        400: "A query parameter is out of range (`errors` names it), or several of your "
        "organisations have this team and `org` does not say which.",
        404: "No such team among those the caller may see.",
    },
)


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
