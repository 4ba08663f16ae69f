"""Reads shared by pages, the API and tasks, one module per area beside this one."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch

from assessments.selectors.questionnaire import assessment_overview
from tenancy import access as tenancy
from tenancy.access import AnyUser
from tenancy.models import Membership, Organization, Team


def home_for_user(user: AnyUser) -> dict[str, Any]:
    teams = list(tenancy.teams_visible_to(user))
    organizations = list(tenancy.organizations_visible_to(user))
    return {
        "organizations": [
            {"organization": org, "teams": [t for t in teams if t.organization_id == org.id]}
            for org in organizations
        ]
    }


def organization_overview(user: AnyUser, organization: Organization) -> dict[str, Any]:
    teams = tenancy.teams_visible_to(user).filter(organization=organization)
    return {
        "organization": organization,
        "teams": list(teams.annotate(member_count=Count("memberships"))),
        "is_admin": tenancy.is_org_admin(user, organization),
        "can_view_rollup": tenancy.can_view_organization_rollup(user, organization),
    }


def team_overview(user: AnyUser, team: Team) -> dict[str, Any]:
    members = Membership.objects.filter(team=team).select_related("user")
    team_with_members = Team.objects.prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="member_list")
    ).get(id=team.id)
    return {
        "team": team,
        "members": team_with_members.member_list,
        "can_manage": tenancy.can_manage_team(user, team),
        "can_change": tenancy.can_change_team(user, team),
        "assessment": assessment_overview(user, team),
    }
