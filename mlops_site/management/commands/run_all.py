"""`run_all [--host H] [--port P]`: web, Celery worker and beat in the foreground."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mlops_site.supervisor import Program, supervise


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--concurrency", type=int, default=2, help="Worker processes.")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "mlops_site"]
        programs = [
            Program(
                "web",
                [python, "manage.py", "runserver", "--noreload",
                 f"{options['host']}:{options['port']}"],
            ),
            Program(
                "worker",
                [*celery, "worker", "--loglevel=INFO", f"--concurrency={options['concurrency']}",
                 "--without-mingle", "--without-gossip"],
            ),
            Program("beat", [*celery, "beat", "--loglevel=INFO"]),
        ]  # fmt: skip
        status = supervise(programs)
        if status:
            sys.exit(status)
