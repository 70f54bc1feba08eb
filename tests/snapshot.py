"""The demo world seeded once per test session, then restored into each test that asks for it.

``seed_demo`` builds the world through the services: about 1,700 queries, a second or more, which
was most of the suite's time when every test paid it. ``take`` seeds it once, in a transaction it
rolls back, and keeps every row the seeding added (one COPY out per table); ``restore`` puts the
same rows back in a test's own transaction (one COPY in per table, tens of milliseconds): the
same keys, hashes, ciphertexts and timestamps as seeded, so the world a test sees is the one
``seed_demo`` built, not an imitation of it.

Rows the migrations made (content types, permissions, purposes) are in every test database
already and are not copied. The foreign keys are checked when the test's transaction would
commit, as for any other rows (they are deferred).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction


@dataclass(frozen=True)
class Snapshot:
    tables: tuple[tuple[str, bytes], ...]  # (table, its new rows in COPY's text format)
    sequences: tuple[tuple[str, int], ...]  # (the table's key sequence, the largest key restored)


class SnapshotError(Exception):
    """The seeding wrote where a snapshot cannot follow (a table without an ``id`` key)."""


def _tables() -> list[tuple[str, bool]]:
    """Every table of the schema, and whether it has an ``id`` column."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.relname, EXISTS (
                SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped
            )
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
            ORDER BY c.relname""")
        return cursor.fetchall()


def _marks(tables: list[tuple[str, bool]]) -> dict[str, int]:
    """Per table: its largest ``id`` (0 if empty), or its row count where it has no ``id``."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        parts = [
            f"SELECT {index}, {'coalesce(max(id), 0)' if has_id else 'count(*)'} FROM {quote(table)}"
            for index, (table, has_id) in enumerate(tables)
        ]
        cursor.execute(" UNION ALL ".join(parts))
        found = dict(cursor.fetchall())
    return {table: int(found[index]) for index, (table, _) in enumerate(tables)}


def take(seed: Callable[[], object]) -> Snapshot:
    """Run ``seed`` in a transaction that is rolled back, keeping the rows it added."""
    quote = connection.ops.quote_name
    tables = _tables()
    with transaction.atomic():
        before = _marks(tables)
        seed()
        after = _marks(tables)
        copied, sequences = [], []
        with connection.cursor() as cursor:
            for table, has_id in tables:
                if after[table] == before[table]:
                    continue
                if not has_id:
                    raise SnapshotError(f"The demo world writes to {table}, which has no id column to snapshot by.")
                statement = f"COPY (SELECT * FROM {quote(table)} WHERE id > {before[table]} ORDER BY id) TO STDOUT"
                with cursor.cursor.copy(statement) as copy:
                    copied.append((table, b"".join(bytes(block) for block in copy)))
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                if sequence:
                    sequences.append((sequence, after[table]))
        transaction.set_rollback(True)
    return Snapshot(tables=tuple(copied), sequences=tuple(sequences))


def restore(snapshot: Snapshot) -> None:
    """Put the snapshot's rows back, in the current transaction."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, data in snapshot.tables:
            with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                copy.write(data)
        # Sequences are not rolled back, so they are past these keys already, unless something
        # reset them: then new rows would collide with the restored ones.
        cursor.execute(
            """SELECT setval(x.sequence::regclass, x.largest)
               FROM unnest(%s::text[], %s::bigint[]) AS x(sequence, largest)
               JOIN pg_sequences s ON format('%%I.%%I', s.schemaname, s.sequencename) = x.sequence
               WHERE coalesce(s.last_value, 0) < x.largest""",
            [[s for s, _ in snapshot.sequences], [n for _, n in snapshot.sequences]],
        )
