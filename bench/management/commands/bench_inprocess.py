import json

from django.core.management.base import BaseCommand, CommandParser

from bench.inprocess import measure


class Command(BaseCommand):
    help = "Benchmark only: print JSON figures for decisions_for, decide_many, search and verify_audit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="hv.hana")
        parser.add_argument("--subjects", type=int, default=1000)
        parser.add_argument("--search", default="Smith")
        parser.add_argument("--search-runs", type=int, default=20)

    def handle(self, *args, user: str, subjects: int, search: str, search_runs: int, **options) -> None:
        self.stdout.write(json.dumps(measure(username=user, subjects=subjects, search=search, search_runs=search_runs)))
