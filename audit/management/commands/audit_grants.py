"""Print the SQL that gives the application's database role what it needs, and no more (docs/deploy.md).

    manage.py audit_grants --role sure_start_app | psql -U sure_start_migrate sure_start

Run it after every ``migrate`` (as the migration role, which owns the tables): the history tables
are listed from the models, so a new one is covered as soon as it exists.
"""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.triggers import history_tables

ROLE_NAME_INVALID = "Enter the role's name: letters, digits and underscores, starting with a letter."


def grants_sql(role: str, schema: str = "public") -> str:
    tables = ", ".join(f'"{table}"' for table in history_tables())
    return "\n".join([
        f"-- The application's role {role}: it owns nothing; on history tables it may only read and add.",
        f"GRANT USAGE ON SCHEMA {schema} TO {role};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role};",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {role};",
        f"REVOKE UPDATE, DELETE ON {tables} FROM {role};",
        "",
    ])


class Command(BaseCommand):
    help = "Print the GRANT/REVOKE SQL for the application's database role (history tables: SELECT, INSERT only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", required=True, help="The role the application connects as.")
        parser.add_argument("--schema", default="public")

    def handle(self, *args, role: str, schema: str, **options) -> None:
        for name in (role, schema):
            if not (name[:1].isalpha() and name.replace("_", "").isalnum()):
                raise CommandError(ROLE_NAME_INVALID)
        self.stdout.write(grants_sql(role, schema), ending="")
