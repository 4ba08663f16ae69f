"""Writes of the tenancy app; the organisation ones are re-exported here
(`services.organization_ensure(...)`), tokens are in `tenancy.services.tokens`."""

from tenancy.services.organizations import (
    MemberAdded,
    OrganizationEnsured,
    membership_add_or_invite,
    organization_ensure,
    team_update,
)

__all__ = [
    "MemberAdded",
    "OrganizationEnsured",
    "membership_add_or_invite",
    "organization_ensure",
    "team_update",
]
