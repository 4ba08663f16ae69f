"""Pages where organisation admins issue and revoke API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from tenancy import access as tenancy
from tenancy import selectors
from tenancy.forms import TokenIssueForm
from tenancy.models import ApiToken, Organization
from tenancy.services.tokens import token_issue, token_revoke


def _admin_organization(request: HttpRequest, org: str) -> Organization:
    """404 for other organisations, 403 for anyone but its admins."""
    organization = tenancy.organization_get_for_user(request.user, org)
    if not tenancy.is_org_admin(request.user, organization):
        raise PermissionDenied("Only organisation admins manage API tokens.")
    return organization


@login_required
@require_safe
def token_list(request: HttpRequest, org: str) -> HttpResponse:
    organization = _admin_organization(request, org)
    context = {
        "organization": organization,
        "tokens": selectors.api_tokens_for_organization(organization),
    }
    return render(request, "tenancy/tokens.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def token_new(request: HttpRequest, org: str) -> HttpResponse:
    organization = _admin_organization(request, org)
    form = TokenIssueForm(request.POST or None, teams=organization.teams.all())
    if request.method == "POST" and form.is_valid():
        issued = token_issue(
            organization=organization,
            name=form.cleaned_data["name"],
            team=form.cleaned_data["team"],
            created_by=request.user if request.user.is_authenticated else None,
        )
        # Rendered, not redirected: the secret exists only in this one response.
        response = render(
            request,
            "tenancy/token_issued.html",
            {"organization": organization, "token": issued.token, "secret": issued.secret},
        )
        add_never_cache_headers(response)
        return response
    return render(request, "tenancy/token_new.html", {"organization": organization, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_confirm(request: HttpRequest, org: str, token: int) -> HttpResponse:
    organization = _admin_organization(request, org)
    api_token = get_object_or_404(ApiToken, pk=token, organization=organization)
    if request.method == "POST":
        token_revoke(token=api_token)
        messages.success(
            request, f"Token “{api_token.name}” is revoked; it is refused from now on."
        )
        return redirect("token-list", org=organization.slug)
    context = {"organization": organization, "token": api_token}
    return render(request, "tenancy/token_revoke.html", context)
