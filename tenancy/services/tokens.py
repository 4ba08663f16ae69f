"""API tokens: issued once in the clear, kept only as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from mlops_site import clock
from mlops_site.errors import DomainError
from tenancy.models import ApiToken, Organization, Team

#: `mm_<8 hex prefix>_<64 hex secret>`: 256 bits of secret; the prefix names it in lists.
TOKEN_PATTERN = re.compile(r"mm_([0-9a-f]{8})_([0-9a-f]{64})")


def token_derive(*, purpose: str, prefix: str) -> str:
    """A token computed from the site's SECRET_KEY instead of stored anywhere.

    For the app's own clients (the reference pipelines), which must present their
    token but should not keep it in the database: only its hash is stored, like
    every token, and the client recomputes it when it sends. Rotating SECRET_KEY
    invalidates such tokens (their clients then record failed deliveries).
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{purpose}:{prefix}".encode(), hashlib.sha256
    ).hexdigest()
    return f"mm_{prefix}_{digest}"


def token_hash(raw: str) -> str:
    """The stored form of a token. A plain hash suffices: the secret has 256 random bits."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    #: The token in the clear; shown once, never stored.
    secret: str


@transaction.atomic
def token_issue(
    *,
    organization: Organization,
    name: str,
    team: Team | None = None,
    created_by: User | None = None,
    derived_for: str | None = None,
) -> IssuedToken:
    """Issue a token; with `derived_for`, its secret is `token_derive(purpose=derived_for, ...)`."""
    name = name.strip()
    if not name:
        raise DomainError("A token needs a name, e.g. the pipeline that will use it.")
    if team is not None and team.organization_id != organization.pk:
        raise DomainError("That team belongs to another organisation.")
    prefix = secrets.token_hex(4)
    raw = (
        token_derive(purpose=derived_for, prefix=prefix)
        if derived_for
        else f"mm_{prefix}_{secrets.token_hex(32)}"
    )
    token = ApiToken.objects.create(
        organization=organization,
        team=team,
        name=name[:100],
        prefix=prefix,
        key_hash=token_hash(raw),
        created_by=created_by if created_by is not None and created_by.pk else None,
    )
    return IssuedToken(token=token, secret=raw)


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Refuse the token from now on; revoking twice keeps the first date."""
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
    return token
