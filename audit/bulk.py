"""Writing many rows fast, and their change-log entries (``bulk_create`` and COPY send no signals,
so django-auditlog never sees them).

- ``next_ids``: primary keys drawn from a table's sequence in one query, so rows that refer to
  each other can be written without reading anything back;
- ``copy_rows``: PostgreSQL ``COPY … FROM STDIN`` (a few microseconds a row, where an INSERT of
  model instances costs tens);
- ``log_created_begin``: one "created" entry per row, as auditlog's own would be (every field's new
  value, the registration's masked fields concealed, the actor and correlation id), hash-chained
  (``audit.chain``) and written with COPY in the caller's transaction.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from auditlog.cid import get_cid
from auditlog.models import AbstractLogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from audit import chain
from audit.models import LogEntry

# What json.dumps (ensure_ascii=False) writes unchanged between quotes: no quote, backslash or control.
NEEDS_NO_ESCAPE = re.compile(r'[^"\\\x00-\x1f]*')


def next_ids(model: type[models.Model], count: int, *, using: str = "default") -> list[int]:
    """``count`` fresh primary keys for ``model``, in order (PostgreSQL: one query on its sequence)."""
    if count == 0:
        return []
    connection = connections[using]
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        # The sequence looked up once (MATERIALIZED keeps it out of the per-row work): looked up per
        # key, it cost eight times the nextval itself.
        cursor.execute(
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
            "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
            [table, pk, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[object]], *,
              using: str = "default") -> None:
    """Write ``rows`` (values in ``columns`` order, as the database takes them) with one COPY."""
    connection = connections[using]
    quote = connection.ops.quote_name
    statement = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


@dataclass(frozen=True)
class Created:
    """A row written in bulk: its model, primary key, ``str()`` and its fields' values by name."""

    model: type[models.Model]
    pk: int
    text: str
    values: dict[str, object]


def _mask(model: type[models.Model]):
    fields = auditlog.get_model_fields(model)
    mask = import_string(settings.AUDITLOG_MASK_CALLABLE) if settings.AUDITLOG_MASK_CALLABLE else None
    return set(fields["mask_fields"]), set(fields["exclude_fields"]), mask


class PendingLog:
    """Change-log entries whose JSON is being written in a background thread; ``write()`` locks the
    chain, draws their keys, hashes them in order and COPYs them.

    A bulk writer starts this before writing its own rows, so the JSON (pure Python, most of the
    entries' cost) is written while the connection waits for the database to take those rows. The
    chain's lock is taken only by ``write()``: every page's disclosure log waits on it.
    """

    def __init__(self, prepare: Callable[[], list[tuple[str, str]]] | None, link: Callable[[list], Iterator[tuple]],
                 columns: list[str], count: int, using: str):
        self.count, self._link, self._columns, self._using = count, link, columns, using
        self._future: concurrent.futures.Future | None = None
        if prepare is not None:
            executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-bulk")
            self._future = executor.submit(prepare)
            executor.shutdown(wait=False)

    def write(self) -> int:
        """Write the entries in the caller's transaction (on its connection, in this thread)."""
        if self._future is not None:
            prepared = self._future.result()
            self._future = None
            # Streamed: the database takes each entry while the next ones are hashed.
            copy_rows(LogEntry, self._columns, self._link(prepared), using=self._using)
        return self.count


def log_created_begin(rows: Sequence[Created], *, actor_id: int | None, using: str = "default") -> PendingLog:
    """Start the "created" change-log entries of ``rows``: their JSON is written in the background;
    ``write()`` on the result writes them, and must be called before the transaction ends."""
    rows = [r for r in rows if auditlog.contains(r.model)]
    connection = connections[using]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "audit.bulk.log_created_begin must run inside the writing transaction."
        )
    at, cid = timezone.now(), get_cid()
    encoder = chain.Encoder(LogEntry)
    # Read now: the thread never touches the connection, and it is busy with COPY meanwhile.
    per_model = {}
    for model in {r.model for r in rows}:
        masked, excluded, mask = _mask(model)
        per_model[model] = (ContentType.objects.get_for_model(model).pk, masked, excluded, mask)
    columns = [f.column for f in encoder.fields] + [LogEntry._meta.get_field(chain.CHAIN_FIELD).column]
    # The canonical document (audit.chain: sorted keys, compact JSON, NULLs left out) written by hand:
    # every entry has the same keys, so only the values are encoded — json twice per entry was half
    # the import's time. The first entry is checked against the chain's own encoder.
    dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode
    stamp = dumps(at.astimezone(dt.UTC).isoformat(timespec="microseconds"))
    cid_part = f'"cid":{dumps(cid)},' if cid is not None else ""
    actor_part = f'"actor_id":{int(actor_id)},' if actor_id is not None else ""
    action = int(AbstractLogEntry.Action.CREATE)
    sha256 = hashlib.sha256

    def quoted(text: str) -> str:
        return f'"{text}"' if NEEDS_NO_ESCAPE.fullmatch(text) else dumps(text)

    def changes_of(row: Created, masked: set[str], excluded: set[str], mask) -> str:
        # auditlog's "created" diff: every field's new value as text, the old one "None".
        changes = {}
        for name, value in row.values.items():
            if value is None or name in excluded:
                continue
            text = str(value)
            changes[name] = ["None", mask(text) if name in masked and mask else text]
        return dumps(changes)

    def prepare() -> list[tuple[str, str]]:
        """Each entry's changes and the document's text around its key: all but the key and hash."""
        prepared = []
        for row in rows:
            content_type_id, masked, excluded, mask = per_model[row.model]
            changes_json = changes_of(row, masked, excluded, mask)
            prepared.append((
                changes_json,
                f'{{"action":{action},{actor_part}"changes":{changes_json},"changes_text":"",{cid_part}'
                f'"content_type_id":{content_type_id},"id":',
            ))
        return prepared

    in_column_order = operator.itemgetter(*encoder.names)

    def link(prepared: list[tuple[str, str]]) -> Iterator[tuple]:
        # Locked and keyed here, as late as possible: ids drawn under the lock keep id order chain order.
        previous, ids = chain._head_and_ids(LogEntry, len(rows), using)

        def entries() -> Iterator[tuple]:
            nonlocal previous
            for index, (row, pk, (changes_json, head)) in enumerate(zip(rows, ids, prepared, strict=True)):
                document = (
                    f'{head}{pk},"object_id":{row.pk},"object_pk":"{row.pk}",'
                    f'"object_repr":{quoted(row.text)},"timestamp":{stamp}}}'
                ).encode()
                values = {
                    "id": pk, "content_type_id": per_model[row.model][0], "object_pk": str(row.pk),
                    "object_id": row.pk, "object_repr": row.text, "serialized_data": None, "action": action,
                    "changes_text": "", "changes": changes_json, "actor_id": actor_id, "cid": cid, "remote_addr": None,
                    "remote_port": None, "timestamp": at, "additional_data": None, "actor_email": None,
                }
                if index == 0:
                    expected = encoder.encode([
                        json.loads(changes_json) if name == "changes" else values[name] for name in encoder.names
                    ])
                    if document != expected:
                        raise AssertionError("audit.bulk's change-log document differs from audit.chain's encoding")
                previous = sha256(previous.encode("ascii") + b"\n" + document).hexdigest()
                yield (*in_column_order(values), previous)

        return entries()

    return PendingLog(prepare if rows else None, link, columns, len(rows), using)
