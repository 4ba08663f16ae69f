"""The one place that decides which organisations and teams a person may see or change.

Every query for team data starts from `teams_visible_to` or `team_get_for_user`;
a team of another organisation is indistinguishable from one that does not
exist (404), so slugs of other tenants never leak.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from tenancy.models import ApiToken, Membership, Organization, Role, Team

AnyUser = AbstractBaseUser | AnonymousUser

#: Roles that may change a team's data (answers, settings, tokens of the team).
_TEAM_WRITERS = (Role.TEAM_LEAD, Role.MEMBER)


def _memberships(user: AnyUser) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk)


def organizations_visible_to(user: AnyUser) -> QuerySet[Organization]:
    return Organization.objects.filter(
        id__in=_memberships(user).values("organization_id")
    ).order_by("name")


def teams_visible_to(user: AnyUser) -> QuerySet[Team]:
    """Teams the user may read: every team of orgs where they hold an org-wide role,
    plus the teams they belong to."""
    memberships = _memberships(user)
    org_wide = memberships.filter(team__isnull=True).values("organization_id")
    own = memberships.filter(team__isnull=False).values("team_id")
    return (
        Team.objects.filter(Q(organization_id__in=org_wide) | Q(id__in=own))
        .select_related("organization")
        .order_by("organization__name", "name")
    )


def organization_get_for_user(user: AnyUser, org_slug: str) -> Organization:
    try:
        return organizations_visible_to(user).get(slug=org_slug)
    except Organization.DoesNotExist:
        raise Http404("No such organisation.") from None


def team_get_for_user(user: AnyUser, org_slug: str, team_slug: str) -> Team:
    try:
        return teams_visible_to(user).get(organization__slug=org_slug, slug=team_slug)
    except Team.DoesNotExist:
        raise Http404("No such team.") from None


def teams_matching_slug(user: AnyUser, team_slug: str) -> list[Team]:
    """Teams visible to the user with this slug: one in the usual case, several
    only when the user belongs to more than one organisation using the slug."""
    return list(teams_visible_to(user).filter(slug=team_slug)[:2])


def is_org_admin(user: AnyUser, organization: Organization) -> bool:
    return _memberships(user).filter(organization=organization, role=Role.ORG_ADMIN).exists()


def can_change_team(user: AnyUser, team: Team) -> bool:
    """Org admins, and the team's own leads and members, may change its data; viewers never."""
    return (
        _memberships(user)
        .filter(
            Q(organization_id=team.organization_id, role=Role.ORG_ADMIN)
            | Q(team=team, role__in=_TEAM_WRITERS)
        )
        .exists()
    )


def can_manage_team(user: AnyUser, team: Team) -> bool:
    """Org admins and the team's leads may change its settings and close its rounds."""
    return (
        _memberships(user)
        .filter(
            Q(organization_id=team.organization_id, role=Role.ORG_ADMIN)
            | Q(team=team, role=Role.TEAM_LEAD)
        )
        .exists()
    )


def teams_visible_to_token(token: ApiToken) -> QuerySet[Team]:
    """A token sees its organisation's teams, or only its own team when limited to one."""
    teams = Team.objects.filter(organization_id=token.organization_id)
    if token.team_id is not None:
        teams = teams.filter(id=token.team_id)
    return teams.select_related("organization")


def team_get_for_token(token: ApiToken, team_slug: str, org_slug: str | None = None) -> Team:
    teams = teams_visible_to_token(token)
    if org_slug:
        teams = teams.filter(organization__slug=org_slug)
    try:
        return teams.get(slug=team_slug)
    except Team.DoesNotExist:
        raise Http404("No such team.") from None


def can_view_organization_rollup(user: AnyUser, organization: Organization) -> bool:
    """Org admins and organisation-wide viewers see every team side by side; people
    who belong to one team only do not see the others' standing."""
    return _memberships(user).filter(organization=organization, team__isnull=True).exists()
