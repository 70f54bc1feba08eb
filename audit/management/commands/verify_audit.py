"""Walk every hash chain and report the first broken link (docs/audit.md).

    manage.py verify_audit                     exit 0 when every chain is intact, 1 otherwise
    manage.py verify_audit --head              print the chain heads, to keep outside the database
    manage.py verify_audit --against FILE      also check heads kept earlier (the output of --head)
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from audit import chain, triggers

TRIGGERS_MISSING = (
    "{tables}: the append-only trigger is missing or disabled, so the database would let these "
    "rows be changed or deleted. Run the migrations as the migration role."
)
HEADS_UNREADABLE = "Cannot read chain heads from {path}: {error}"
HEAD_UNKNOWN_TABLE = "{path} names {table}, which is not a chained table."


def read_heads(path: str) -> dict[str, chain.Head]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        heads = [chain.Head.parse(line) for line in lines if line.strip() and not line.startswith("#")]
    except (OSError, ValueError) as error:
        raise CommandError(HEADS_UNREADABLE.format(path=path, error=error), returncode=2) from error
    return {head.table: head for head in heads}


class Command(BaseCommand):
    help = "Verify the hash chains of the disclosure log and the change log; exit 1 at the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head", action="store_true",
            help="Print each chain's head (table, last id, hash) and stop. Keep the output outside the database.",
        )
        parser.add_argument(
            "--against", metavar="FILE",
            help="Heads kept earlier (the output of --head): each must still be in its chain, unchanged.",
        )
        parser.add_argument("--chunk-size", type=int, default=5000, help="Rows fetched per round trip.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, head: bool, against: str | None, chunk_size: int, database: str, **options) -> None:
        models = chain.chained_models()
        if head:
            now = timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds")
            self.stdout.write(f"# audit chain heads at {now}")
            for model in models:
                self.stdout.write(chain.head_of(model, using=database).line())
            return

        known = read_heads(against) if against else {}
        tables = {model._meta.db_table for model in models}
        for table in known:
            if table not in tables:
                raise CommandError(HEAD_UNKNOWN_TABLE.format(path=against, table=table), returncode=1)

        problems: list[str] = []
        connection = connections[database]
        if connection.vendor == "postgresql":
            missing = sorted(set(triggers.history_tables()) - triggers.protected_tables(connection))
            if missing:
                problems.append(TRIGGERS_MISSING.format(tables=", ".join(missing)))
        else:
            self.stdout.write(f"{connection.vendor}: no append-only triggers on this database (docs/audit.md).")

        for model in models:
            started = time.monotonic()
            result = chain.walk(model, using=database, known=known.get(model._meta.db_table), chunk_size=chunk_size)
            took = time.monotonic() - started
            if result.intact:
                self.stdout.write(
                    f"{result.table}: {result.rows} rows, chain intact, head id {result.head.last_id} "
                    f"({took:.1f} s)"
                )
            else:
                problems.append(result.problem)
        if problems:
            raise CommandError("\n".join(problems), returncode=1)
        self.stdout.write("Every chain is intact.")
