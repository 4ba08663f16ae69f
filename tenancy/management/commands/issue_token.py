"""`issue_token <org> [--team <slug>] [--name <name>]`: prints only the new token, for scripts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlops_site.errors import DomainError
from tenancy.models import Organization, Team
from tenancy.services.tokens import token_issue


class Command(BaseCommand):
    help = "Issue an API token for an organisation (optionally limited to one team)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org", help="organisation slug")
        parser.add_argument("--team", default=None, help="limit the token to this team")
        parser.add_argument("--name", default="command line", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organization = Organization.objects.get(slug=options["org"])
        except Organization.DoesNotExist:
            raise CommandError(f"No organisation {options['org']!r}.") from None
        team = None
        if options["team"]:
            try:
                team = organization.teams.get(slug=options["team"])
            except Team.DoesNotExist:
                raise CommandError(f"No team {options['team']!r} in {organization.slug}.") from None
        try:
            issued = token_issue(organization=organization, name=options["name"], team=team)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(issued.secret)
