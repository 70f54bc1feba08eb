"""Writing many rows fast, and their change-log entries (``bulk_create`` and COPY send no signals,
so django-auditlog never sees them).

- ``next_ids``: primary keys drawn from a table's sequence in one query, so rows that refer to
  each other can be written without reading anything back;
- ``copy_rows``: PostgreSQL ``COPY … FROM STDIN`` (a few microseconds a row, where an INSERT of
  model instances costs tens);
- ``log_created``: one "created" entry per row, as auditlog's own would be (every field's new
  value, the registration's masked fields concealed, the actor and correlation id), hash-chained
  (``audit.chain``) and written with COPY in the caller's transaction.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
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


def next_ids(model: type[models.Model], count: int, *, using: str = "default") -> list[int]:
    """``count`` fresh primary keys for ``model``, in order (PostgreSQL: one query on its sequence)."""
    if count == 0:
        return []
    connection = connections[using]
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
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


def log_created(rows: Sequence[Created], *, actor_id: int | None, using: str = "default") -> int:
    """Write the "created" change-log entries of ``rows`` (of models registered with auditlog)."""
    rows = [r for r in rows if auditlog.contains(r.model)]
    if not rows:
        return 0
    connection = connections[using]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("audit.bulk.log_created must run inside the writing transaction.")
    at, cid = timezone.now(), get_cid()
    encoder = chain.Encoder(LogEntry)
    previous, ids = chain._head_and_ids(LogEntry, len(rows), using)
    per_model: dict[type, tuple[int, set[str], set[str], object]] = {}
    columns = [f.column for f in encoder.fields] + [LogEntry._meta.get_field(chain.CHAIN_FIELD).column]
    out = []
    for row, pk in zip(rows, ids, strict=True):
        if row.model not in per_model:
            masked, excluded, mask = _mask(row.model)
            per_model[row.model] = (ContentType.objects.get_for_model(row.model).pk, masked, excluded, mask)
        content_type_id, masked, excluded, mask = per_model[row.model]
        changes = {}
        for name, value in row.values.items():
            if value is None or name in excluded:
                continue
            text = str(value)
            changes[name] = ["None", mask(text) if name in masked and mask else text]
        values = {
            "id": pk, "content_type_id": content_type_id, "object_pk": str(row.pk), "object_id": row.pk,
            "object_repr": row.text, "serialized_data": None, "action": AbstractLogEntry.Action.CREATE,
            "changes_text": "", "changes": changes, "actor_id": actor_id, "cid": cid, "remote_addr": None,
            "remote_port": None, "timestamp": at, "additional_data": None, "actor_email": None,
        }
        ordered = [values[name] for name in encoder.names]
        previous = chain.link_hash(previous, encoder.encode(ordered))
        json_at = encoder.names.index("changes")
        ordered[json_at] = json.dumps(changes, ensure_ascii=False)
        out.append((*ordered, previous))
    copy_rows(LogEntry, columns, out, using=using)
    return len(out)
