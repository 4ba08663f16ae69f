"""Demo content for `make run`: an organisation, its teams and an admin account."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from assessments import services
from assessments.models import Membership, Role, Team

DEMO_ORG = "acme"
DEMO_ORG_NAME = "Acme Analytics"
DEMO_TEAMS = {
    "fraud-detection": "Fraud detection",
    "demand-forecasting": "Demand forecasting",
    "recommendations": "Recommendations",
}
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoAdmin:
    username: str
    password: str | None  # None when the account existed and no password was recorded


@transaction.atomic
def demo_seed(*, credentials_file: Path) -> DemoAdmin:
    """Idempotent: existing data and passwords are kept on every later run."""
    org = services.organization_ensure(slug=DEMO_ORG, name=DEMO_ORG_NAME).organization
    for slug, name in DEMO_TEAMS.items():
        Team.objects.get_or_create(organization=org, slug=slug, defaults={"name": name})
    user_model = get_user_model()
    admin = user_model._default_manager.filter(username=ADMIN_USERNAME).first()
    password: str | None = None
    if admin is None:
        password = secrets.token_urlsafe(12)
        admin = user_model._default_manager.create_superuser(
            username=ADMIN_USERNAME, email="admin@example.com", password=password
        )
        credentials_file.parent.mkdir(parents=True, exist_ok=True)
        credentials_file.write_text(f"{ADMIN_USERNAME}\n{password}\n")
        credentials_file.chmod(0o600)
    elif credentials_file.exists():
        password = credentials_file.read_text().splitlines()[1]
    Membership.objects.get_or_create(
        user=admin, organization=org, team=None, defaults={"role": Role.ORG_ADMIN}
    )
    return DemoAdmin(username=ADMIN_USERNAME, password=password)
