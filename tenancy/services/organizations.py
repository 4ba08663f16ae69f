"""Tenancy writes: organisations, teams, members and invitations."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from mlops_site.errors import DomainError
from tenancy.models import ORG_WIDE_ROLES, Membership, Organization, Role, Team


@dataclass(frozen=True)
class OrganizationEnsured:
    organization: Organization
    created: bool
    teams_created: tuple[str, ...]


@transaction.atomic
def organization_ensure(
    *, slug: str, name: str | None = None, team_slugs: tuple[str, ...] = ()
) -> OrganizationEnsured:
    """Create the organisation and teams that do not exist yet; change nothing else."""
    if slugify(slug) != slug:
        raise DomainError(f"{slug!r} is not a valid slug (lowercase letters, digits, hyphens).")
    org, created = Organization.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").title()}
    )
    if name and org.name != name:
        org.name = name
        org.save(update_fields=["name"])
    made: list[str] = []
    for team_slug in team_slugs:
        if slugify(team_slug) != team_slug:
            raise DomainError(f"{team_slug!r} is not a valid team slug.")
        _, team_created = Team.objects.get_or_create(
            organization=org,
            slug=team_slug,
            defaults={"name": team_slug.replace("-", " ").title()},
        )
        if team_created:
            made.append(team_slug)
    return OrganizationEnsured(organization=org, created=created, teams_created=tuple(made))


@dataclass(frozen=True)
class MemberAdded:
    membership: Membership
    user_created: bool
    invitation_sent: bool


@transaction.atomic
def membership_add_or_invite(
    *,
    organization: Organization,
    email: str,
    role: str,
    team: Team | None = None,
    domain: str = "localhost",
    use_https: bool = False,
) -> MemberAdded:
    """Give a person a role; a person without an account gets one and an e-mail
    with a link to choose their password."""
    email = email.strip().lower()
    if not email:
        raise DomainError("An e-mail address is required.")
    if role not in Role.values:
        raise DomainError(f"Unknown role {role!r}.")
    if team is not None and team.organization_id != organization.id:
        raise DomainError("That team belongs to another organisation.")
    if team is None and role not in ORG_WIDE_ROLES:
        raise DomainError("Team leads and members need a team.")
    if team is not None and role == Role.ORG_ADMIN:
        raise DomainError("Organisation admins hold the role for the whole organisation.")
    user, user_created = _user_for_email(email)
    membership, _ = Membership.objects.update_or_create(
        user=user, organization=organization, team=team, defaults={"role": role}
    )
    if user_created:
        transaction.on_commit(lambda: _send_invitation(email, domain, use_https))
    return MemberAdded(
        membership=membership, user_created=user_created, invitation_sent=user_created
    )


def _user_for_email(email: str) -> tuple[AbstractBaseUser, bool]:
    user_model = get_user_model()
    existing = user_model._default_manager.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    user = user_model._default_manager.create_user(username=email, email=email)
    user.set_unusable_password()
    user.save()
    return user, True


def _send_invitation(email: str, domain: str, use_https: bool) -> None:
    """Mail a signed link to choose a password (Django's password-reset token)."""
    user = get_user_model()._default_manager.get(email__iexact=email)
    context = {
        "email": email,
        "domain": domain,
        "site_name": "MLOps maturity",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    PasswordResetForm().send_mail(
        "registration/invitation_subject.txt",
        "registration/invitation_email.txt",
        context,
        None,
        email,
    )


@transaction.atomic
def team_update(*, team: Team, name: str, description: str) -> Team:
    team.name = name.strip()
    team.description = description.strip()
    team.full_clean()
    team.save(update_fields=["name", "description"])
    return team
