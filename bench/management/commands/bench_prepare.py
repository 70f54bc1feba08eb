import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from bench.inprocess import counts, sample_family, session_for


class Command(BaseCommand):
    help = "Benchmark only: print JSON with a session for a demo user, the family to open and row counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="hv.hana")

    def handle(self, *args, user: str, **options) -> None:
        self.stdout.write(json.dumps({
            "cookie_name": settings.SESSION_COOKIE_NAME,
            "session": session_for(user),
            "family": sample_family(),
            "counts": counts(),
        }))
