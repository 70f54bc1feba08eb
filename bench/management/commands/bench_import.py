import json
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from demo.births import sample_births_csv
from intake.models import BirthImport, BirthRecord
from intake.services import births_import
from intake.vocabulary import ImportMode


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Benchmark only: time the import of a made-up new-birth file (issue 14, docs/import.md) and print "
        "JSON {rows, seconds, rows_per_second}. Rolled back unless --keep: measuring adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="mgr.maya")
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--keep", action="store_true", help="Commit the import instead of rolling it back.")

    def handle(self, *args, user: str, rows: int, keep: bool, **options) -> None:
        uploader = get_user_model().objects.get(username=user)
        # Numbers after every record imported so far, so each run's rows are all new.
        start = BirthRecord.objects.count() + 1_000
        data = sample_births_csv(rows=rows, start=start, sectors=("NR1 1", "NR1 2", "NR3 1", "NR3 2"))
        result: dict = {}
        try:
            with transaction.atomic():
                # The foreign keys are checked at COMMIT (Django makes them DEFERRABLE INITIALLY
                # DEFERRED), which a rolled-back run never reaches: checked as each COPY ends instead,
                # so the time measured includes them, as an uploader's wait does.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                began, cpu = time.perf_counter(), time.process_time()
                record = births_import(uploaded_by=uploader, file_name="bench.csv", data=data,
                                       mode=ImportMode.ALL_OR_NOTHING)
                seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
                if not isinstance(record, BirthImport) or record.created != rows:
                    raise CommandError(f"The import did not register every row: {record!r}")
                result = {"rows": rows, "bytes": len(data), "seconds": round(seconds, 3),
                          "rows_per_second": round(rows / seconds), "python_cpu_seconds": round(cpu, 3)}
                if not keep:
                    raise Rollback
        except Rollback:
            pass
        self.stdout.write(json.dumps(result))
