"""Writes that span models or have side effects, one module per area.

The most used ones are re-exported here (`services.job_create(...)`).
"""

from assessments.services.jobs import job_create
from assessments.services.tenancy import (
    MemberAdded,
    OrganizationEnsured,
    membership_add_or_invite,
    organization_ensure,
    team_update,
)

__all__ = [
    "MemberAdded",
    "OrganizationEnsured",
    "job_create",
    "membership_add_or_invite",
    "organization_ensure",
    "team_update",
]
