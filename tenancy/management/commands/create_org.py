"""`create_org <slug> [--name N] [--team <slug> ...]`: idempotent, for scripting."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlops_site.errors import DomainError
from tenancy import services


class Command(BaseCommand):
    help = "Create an organisation and its teams if they do not exist yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", default=None)
        parser.add_argument("--team", action="append", default=[], dest="teams")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = services.organization_ensure(
                slug=options["slug"], name=options["name"], team_slugs=tuple(options["teams"])
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        verb = "created" if outcome.created else "exists"
        teams = ", ".join(outcome.teams_created) or "none"
        self.stdout.write(f"organisation {outcome.organization.slug} {verb}; new teams: {teams}")
