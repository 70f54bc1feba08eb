"""Append-only in the database itself: a PostgreSQL trigger refuses UPDATE, DELETE and TRUNCATE.

Each app that owns history tables installs the trigger on them in a migration:

    from audit.triggers import append_only

    operations = [append_only("sharing_disclosure", "sharing_override")]

The ORM already refuses to change history (``config.append_only``); this makes the database
refuse raw SQL, ``_base_manager``, cascades and M2M ``clear()`` too. SQLite (for trying the
product out) has no such triggers: the operation does nothing there (docs/audit.md).
"""
from __future__ import annotations

from django.db import migrations

FUNCTION = "audit_refuse_change"
ROW_TRIGGER = "audit_append_only"
TRUNCATE_TRIGGER = "audit_append_only_truncate"
# The transaction-local setting that lets the table's owner TRUNCATE it (test teardown).
MAINTENANCE_SETTING = "audit.maintenance"
# The transaction-local setting that lets the table's owner rewrite rows in place: key rotation of
# the encrypted free text (``manage.py reencrypt_fields``, run as the migration role), nothing else.
REENCRYPT_SETTING = "audit.reencrypt"

# Refuses every UPDATE and DELETE (row level: a statement that touches no row is no change) and
# every TRUNCATE but one: by the table's owner (or a superuser), in a transaction that set
# audit.maintenance = 'on' — pytest-django's flush between browser tests. That opens nothing:
# the owner may disable the trigger anyway, and the application's role owns no table and holds
# no TRUNCATE privilege (docs/deploy.md, "Database roles").
FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND current_setting('{MAINTENANCE_SETTING}', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE'
       AND current_setting('{REENCRYPT_SETTING}', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only history: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'History rows are written once and never changed or deleted (docs/audit.md).';
END
$fn$;
"""


def install_sql(table: str) -> str:
    quoted = '"' + table.replace('"', '""') + '"'
    return f"""
DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON {quoted};
CREATE TRIGGER {ROW_TRIGGER} BEFORE UPDATE OR DELETE ON {quoted}
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON {quoted};
CREATE TRIGGER {TRUNCATE_TRIGGER} BEFORE TRUNCATE ON {quoted}
    FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();
"""


def remove_sql(table: str) -> str:
    quoted = '"' + table.replace('"', '""') + '"'
    return f"DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON {quoted}; DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON {quoted};"


def append_only(*tables: str) -> migrations.RunPython:
    """A migration operation that makes ``tables`` append-only on PostgreSQL (a no-op elsewhere)."""

    def forwards(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(FUNCTION_SQL, params=None)
        for table in tables:
            schema_editor.execute(install_sql(table), params=None)

    def backwards(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(remove_sql(table), params=None)

    return migrations.RunPython(forwards, backwards, elidable=False)


def protected_tables(connection) -> set[str]:
    """The tables that carry both triggers now (for tests and ``verify_audit``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE t.tgname IN (%s, %s) AND t.tgenabled <> 'D'
            GROUP BY c.relname HAVING count(*) = 2
            """,
            [ROW_TRIGGER, TRUNCATE_TRIGGER],
        )
        return {name for (name,) in cursor.fetchall()}


def history_tables() -> list[str]:
    """Every table that must be append-only: the tables of ``AppendOnlyModel`` subclasses (the
    change log included) and their many-to-many link tables."""
    from django.apps import apps

    from audit.append_only import AppendOnlyModel

    tables: set[str] = set()
    for model in apps.get_models():
        if not issubclass(model, AppendOnlyModel):
            continue
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.add(field.remote_field.through._meta.db_table)
    return sorted(tables)
