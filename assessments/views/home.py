"""Pages: each view checks access through `tenancy`, then calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from assessments import selectors
from assessments.forms import TeamSettingsForm
from tenancy import access as tenancy
from tenancy import services


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/home.html", selectors.home_for_user(request.user))


@login_required
@require_safe
def organization_detail(request: HttpRequest, org: str) -> HttpResponse:
    organization = tenancy.organization_get_for_user(request.user, org)
    context = selectors.organization_overview(request.user, organization)
    return render(request, "assessments/organization.html", context)


@login_required
@require_safe
def team_detail(request: HttpRequest, org: str, team: str) -> HttpResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    context = selectors.team_overview(request.user, team_obj)
    return render(request, "assessments/team.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_settings(request: HttpRequest, org: str, team: str) -> HttpResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    if not tenancy.can_manage_team(request.user, team_obj):
        raise PermissionDenied("Only organisation admins and team leads change team settings.")
    form = TeamSettingsForm(
        request.POST or None, initial={"name": team_obj.name, "description": team_obj.description}
    )
    if request.method == "POST" and form.is_valid():
        services.team_update(team=team_obj, **form.cleaned_data)
        messages.success(request, "Team settings saved.")
        return redirect("team-detail", org=org, team=team)
    return render(request, "assessments/team_settings.html", {"team": team_obj, "form": form})
