"""`seed_demo`: the demo organisation, teams and admin account (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from assessments.demo.seed import demo_seed


class Command(BaseCommand):
    help = "Create the demo organisation and an admin account with a generated password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Address to print.")

    def handle(self, *args: Any, **options: Any) -> None:
        credentials = settings.DATA_DIR / "admin-credentials.txt"
        admin = demo_seed(credentials_file=credentials)
        password = admin.password or "(not recorded; set one with: manage.py changepassword admin)"
        self.stdout.write(
            "\n"
            f"  Open       {options['url']}\n"
            f"  User       {admin.username}\n"
            f"  Password   {password}\n"
            f"  (kept in {credentials})\n"
        )
