"""PostgreSQL advisory locks held until the end of the transaction, keyed by text."""
from __future__ import annotations

import hashlib

from django.db import connection


def lock_id(key: str) -> int:
    """A stable signed 64-bit number for ``key`` (PostgreSQL's advisory lock ids are bigints)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def advisory_xact_lock(*keys: str) -> None:
    """Wait for, then hold until the transaction ends, one lock per key (issue 11).

    All keys are taken in one statement in a fixed order, so two callers wanting overlapping
    sets wait for each other instead of deadlocking. Outside PostgreSQL (SQLite on a laptop,
    which lets one writer in at a time anyway) this does nothing.
    """
    if connection.vendor != "postgresql" or not keys:
        return
    if not connection.in_atomic_block:
        raise RuntimeError("An advisory transaction lock outside a transaction would be released at once.")
    ids = sorted({lock_id(key) for key in keys})
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["pg_advisory_xact_lock(%s)"] * len(ids)), ids)
