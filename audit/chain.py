"""Hash chains over the history tables (issue 10, "Tamper evidence"; docs/audit.md).

A table is chained when its model has a ``chain_hash`` field. Each row's ``chain_hash`` is

    sha256(previous row's chain_hash + "\\n" + canonical content of this row)

where the previous row is the one with the next lower primary key (the first row follows
``GENESIS``), and the canonical content is sorted, compact JSON of every concrete field but
``chain_hash`` itself, the primary key included, timestamps in UTC ISO 8601 to the
microsecond. Fields holding NULL are left out, so a nullable column added later does not
break the hashes of the rows written before it.

Changing, removing, inserting or reordering a row breaks the link at that row or the next;
``verify_audit`` finds the first broken link. Someone able to rewrite a whole table could
recompute every hash after it, which is why the heads are also kept outside the database
(``verify_audit --head``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import queue
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, transaction

CHAIN_FIELD = "chain_hash"
GENESIS = "0" * 64
# One advisory lock for every chain, taken by each writer before it reads a chain's head and
# held until its transaction ends. One lock rather than one per chain: a transaction that
# appends to two chains (a change and a disclosure, in either order) cannot deadlock with
# another doing the same in the opposite order. Writers of the history queue here; they
# already queue on the insert itself, and the lock is held only from the append to the commit.
CHAIN_LOCK_KEY = 0x5EC0_A0D1  # "audit", in a 64-bit key space of its own

UNCHAINABLE = (
    "{model} is hash-chained, so {field} must be given before the row is written "
    "(auto_now and auto_now_add change it after the hash is computed)."
)


def is_chained(model: type[models.Model]) -> bool:
    return any(f.name == CHAIN_FIELD for f in model._meta.concrete_fields)


def chained_models() -> list[type[models.Model]]:
    """Every installed model that is chained, in a stable order (by table name)."""
    return sorted((m for m in apps.get_models() if is_chained(m)), key=lambda m: m._meta.db_table)


def content_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields the hash covers: every concrete field but the hash itself (primary key first)."""
    fields = [f for f in model._meta.concrete_fields if f.name != CHAIN_FIELD]
    return sorted(fields, key=lambda f: not f.primary_key)


def link_hash(previous: str, content: bytes) -> str:
    return hashlib.sha256(previous.encode("ascii") + b"\n" + content).hexdigest()


def _plain(value: object) -> object:
    """A JSON-ready value that is the same whether it came from Python or back from the database."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


class Encoder:
    """Turns a row's values (in ``content_fields`` order) into canonical bytes, fast.

    ``verify_audit`` runs this over a million rows: the keys are put in order once, and per row
    there is one dict, one ``json.dumps`` and conversion of the date and time columns only.
    """

    def __init__(self, model: type[models.Model]) -> None:
        self.fields = content_fields(model)
        self.names = [f.attname for f in self.fields]
        # Sorted keys, so the document is built in order and json need not sort it each time.
        self._order = sorted(range(len(self.names)), key=lambda i: self.names[i])
        self._sorted_names = [self.names[i] for i in self._order]
        converted = (models.DateField, models.TimeField, models.UUIDField, models.DecimalField)
        self._converted = [n for n, i in enumerate(self._order) if isinstance(self.fields[i], converted)]
        # inet comes back from PostgreSQL in its own normal form; compare the normal forms.
        self._textual = [
            n for n, i in enumerate(self._order) if isinstance(self.fields[i], models.GenericIPAddressField)
        ]
        # Nested JSON (the change log's ``changes``) needs sorting at every level; flat rows are in order.
        nested = any(isinstance(f, models.JSONField) for f in self.fields)
        self._json = json.JSONEncoder(sort_keys=nested, separators=(",", ":"), ensure_ascii=False, default=str)

    def encode(self, values: Sequence[object]) -> bytes:
        """``values`` in ``content_fields`` order; anything after them (the stored hash) is ignored."""
        ordered = [values[i] for i in self._order]
        for n in self._converted:
            if ordered[n] is not None:
                ordered[n] = _plain(ordered[n])
        for n in self._textual:
            if ordered[n] is not None:
                ordered[n] = str(ordered[n])
        document = {name: value for name, value in zip(self._sorted_names, ordered, strict=True) if value is not None}
        return self._json.encode(document).encode()

    def values_of(self, obj: models.Model) -> list[object]:
        """An unsaved row's values, typed as they will come back from the database."""
        return [f.to_python(getattr(obj, f.attname)) for f in self.fields]


# Takes the chain lock, then reads the head and draws the new rows' keys: one round trip. Inside a
# VOLATILE function each statement takes a fresh snapshot (READ COMMITTED), so the head is read
# after the lock is granted and sees what the lock's previous holder committed. Installed by the
# migration audit/0001, replaced by audit/0004 (the sequence looked up once).
APPEND_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION audit_chain_append(
    chained regclass, pk_column text, hash_column text, how_many integer, lock_key bigint,
    OUT head text, OUT ids bigint[]
) LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    sequence regclass;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    EXECUTE format('SELECT %I FROM %s ORDER BY %I DESC LIMIT 1', hash_column, chained, pk_column) INTO head;
    -- The sequence looked up once: per key it cost eight times the nextval itself.
    sequence := pg_get_serial_sequence(chained::text, pk_column)::regclass;
    ids := ARRAY(SELECT nextval(sequence) FROM generate_series(1, how_many));
END
$fn$;
"""


def install_append_function(apps, schema_editor) -> None:
    """Migration step (RunPython): create ``audit_chain_append`` on PostgreSQL."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_FUNCTION_SQL, params=None)


def _head_and_ids(model: type[models.Model], count: int, using: str) -> tuple[str, list[int]]:
    """Lock the chains, then the chain's current head hash and ``count`` fresh primary keys, in order."""
    connection = connections[using]
    table = model._meta.db_table
    pk = model._meta.pk.column
    column = model._meta.get_field(CHAIN_FIELD).column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT head, ids FROM audit_chain_append(%s::regclass, %s, %s, %s, %s)",
                [connection.ops.quote_name(table), pk, column, count, CHAIN_LOCK_KEY],
            )
            head, ids = cursor.fetchone()
            return head or GENESIS, list(ids)
        # SQLite (trying the product out; one writer at a time): take the keys after the largest.
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT {quote(column)}, {quote(pk)} FROM {quote(table)} ORDER BY {quote(pk)} DESC LIMIT 1")
        row = cursor.fetchone()
        head, last = (row[0], row[1]) if row else (GENESIS, 0)
        return head, list(range(last + 1, last + 1 + count))


def link(model: type[models.Model], objs: Sequence[models.Model], *, using: str) -> None:
    """Give unsaved rows their primary keys and ``chain_hash``, in order, after the chain's head.

    Must run inside the transaction that inserts them (the lock is released when it ends):
    callers wrap this and the insert in ``transaction.atomic``.
    """
    if not objs:
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("audit.chain.link must run inside the inserting transaction.")
    encoder = Encoder(model)
    for field in encoder.fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ImproperlyConfigured(UNCHAINABLE.format(model=model.__name__, field=field.name))
    previous, ids = _head_and_ids(model, len(objs), using)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        previous = link_hash(previous, encoder.encode(encoder.values_of(obj)))
        setattr(obj, CHAIN_FIELD, previous)


def bulk_create(model: type[models.Model], objs: Iterable[models.Model], *, using: str, create) -> list:
    """Chain ``objs`` and insert them with ``create`` (a ``bulk_create``): one INSERT, one transaction."""
    objs = list(objs)
    # No savepoint: a history row that cannot be written fails the caller's whole transaction.
    with transaction.atomic(using=using, savepoint=False):
        link(model, objs, using=using)
        return create(objs)


# ---------------------------------------------------------------- verifying


@dataclass(frozen=True)
class Head:
    table: str
    last_id: int
    hash: str

    def line(self) -> str:
        return f"{self.table} {self.last_id} {self.hash}"

    @classmethod
    def parse(cls, line: str) -> Head:
        table, last_id, value = line.split()
        return cls(table=table, last_id=int(last_id), hash=value)


@dataclass(frozen=True)
class Walk:
    """What walking one chain found: how far it got, and the first broken link if any."""

    table: str
    rows: int
    head: Head
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.problem


BROKEN_LINK = (
    "{table}: the chain is broken at row id {id}: the row does not match its hash. "
    "It, or the row before it, was changed, removed, inserted or moved."
)
KNOWN_HEAD_CHANGED = (
    "{table}: row id {id} no longer has the hash kept outside the database: "
    "the history up to it was rewritten."
)
KNOWN_HEAD_MISSING = (
    "{table}: row id {id}, a chain head kept outside the database, is no longer there: "
    "rows were removed from the end of the history."
)


def head_of(model: type[models.Model], *, using: str = "default") -> Head:
    row = model._base_manager.using(using).order_by("-pk").values_list("pk", CHAIN_FIELD).first()
    last_id, value = row if row else (0, GENESIS)
    return Head(table=model._meta.db_table, last_id=last_id, hash=value)


def _select_for_walk(model: type[models.Model], connection) -> tuple[str, list[int]]:
    """The walk's query on PostgreSQL, and the positions of JSON columns (sent as text, parsed here:
    the same Python values as the ORM gives, whatever loader the connection has)."""
    quote = connection.ops.quote_name
    columns, json_positions = [], []
    for position, field in enumerate(content_fields(model)):
        column = quote(field.column)
        if isinstance(field, models.JSONField):
            columns.append(f"{column}::text")
            json_positions.append(position)
        elif isinstance(field, models.GenericIPAddressField):
            columns.append(f"host({column})")  # the address as Django writes it, without a mask
        else:
            columns.append(column)
    columns.append(quote(model._meta.get_field(CHAIN_FIELD).column))
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    return f"SELECT {', '.join(columns)} FROM {table} ORDER BY {pk}", json_positions


def _chunks(fetch, chunk_size: int, json_positions: list[int]) -> Iterator[list[tuple]]:
    while rows := fetch(chunk_size):
        if json_positions:
            rows = [_with_json(row, json_positions) for row in rows]
        yield rows


def _with_json(row: tuple, positions: list[int]) -> tuple:
    values = list(row)
    for i in positions:
        if values[i] is not None:
            values[i] = json.loads(values[i])
    return tuple(values)


def _read_ahead(chunks: Iterator[list[tuple]], name: str) -> Iterator[list[tuple]]:
    """The chunks of ``chunks``, the next one fetched by a second thread while the caller hashes
    this one: the database's and the network's time overlap Python's."""
    ready: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()
    done = object()

    def read() -> None:
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        ready.put(chunk, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ready.put(done)
        except BaseException as error:  # handed to the caller's thread, raised there
            ready.put(error)

    reader = threading.Thread(target=read, name=name, daemon=True)
    reader.start()
    try:
        while (chunk := ready.get()) is not done:
            if isinstance(chunk, BaseException):
                raise chunk
            yield chunk
    finally:
        stop.set()
        reader.join()


def rows_of(model: type[models.Model], *, using: str, chunk_size: int) -> Iterator[list[tuple]]:
    """Every row's content values (``content_fields`` order) and stored hash, by primary key, in chunks.

    On PostgreSQL: one server-side cursor in binary format (a fifth of the CPU of Django's text
    rows) in this connection's transaction, read ahead by a second thread. A million rows of the
    disclosure log take about 10 s of CPU in all (docs/audit.md).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        names = [f.attname for f in content_fields(model)]
        queryset = model._base_manager.using(using).order_by("pk").values_list(*names, CHAIN_FIELD)
        yield from _batches(queryset.iterator(chunk_size), chunk_size)
        return
    sql, json_positions = _select_for_walk(model, connection)
    with transaction.atomic(using=using):  # a server-side cursor lives inside a transaction
        connection.ensure_connection()
        with connection.connection.cursor(name=f"audit_walk_{model._meta.db_table}", binary=True) as cursor:
            cursor.itersize = chunk_size
            cursor.execute(sql)
            yield from _read_ahead(_chunks(cursor.fetchmany, chunk_size, json_positions), f"walk {sql[:40]}")


def _batches(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def walk(
    model: type[models.Model], *, using: str = "default", known: Head | None = None, chunk_size: int = 5000
) -> Walk:
    """Recompute a chain from its first row; stop at the first row whose hash does not follow.

    ``known`` is a head kept outside the database (from ``verify_audit --head``): the row it
    names must still be there with that hash.
    """
    encoder = Encoder(model)
    table = model._meta.db_table
    previous, last_id, count = GENESIS, 0, 0
    known_seen = known is None or known.last_id == 0
    encode, sha256 = encoder.encode, hashlib.sha256
    for chunk in rows_of(model, using=using, chunk_size=chunk_size):
        for row in chunk:
            stored = row[-1]
            # link_hash(), inlined: this loop runs once per row of the history.
            if stored != sha256(previous.encode("ascii") + b"\n" + encode(row)).hexdigest():
                pk = row[0]
                return Walk(table, count, Head(table, last_id, previous), broken_at=pk,
                            problem=BROKEN_LINK.format(table=table, id=pk))
            if known is not None and row[0] == known.last_id:
                known_seen = True
                if stored != known.hash:
                    return Walk(table, count, Head(table, last_id, previous), broken_at=row[0],
                                problem=KNOWN_HEAD_CHANGED.format(table=table, id=row[0]))
            previous = stored
        last_id, count = chunk[-1][0], count + len(chunk)
    head = Head(table, last_id, previous)
    if not known_seen:
        return Walk(table, count, head, problem=KNOWN_HEAD_MISSING.format(table=table, id=known.last_id))
    return Walk(table, count, head)


def backfill(model: type[models.Model], *, using: str, batch_size: int = 2000) -> int:
    """Chain rows written before the table was chained (a migration step, run before the
    append-only trigger is installed): hashes in primary-key order, keys unchanged."""
    encoder = Encoder(model)
    previous, done = GENESIS, 0
    batch: list[models.Model] = []
    for obj in model._base_manager.using(using).order_by("pk").iterator(chunk_size=batch_size):
        previous = link_hash(previous, encoder.encode(encoder.values_of(obj)))
        setattr(obj, CHAIN_FIELD, previous)
        batch.append(obj)
        if len(batch) >= batch_size:
            model._base_manager.using(using).bulk_update(batch, [CHAIN_FIELD])
            done, batch = done + len(batch), []
    if batch:
        model._base_manager.using(using).bulk_update(batch, [CHAIN_FIELD])
        done += len(batch)
    return done
