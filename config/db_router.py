"""Reads for reports may go to a streaming replica; everything else stays on the primary.

Only reads that are explicitly marked go to the replica (``DATABASE_REPLICA_URL``, alias
``replica``): those made inside ``with reporting_reads():``, or a queryset passed through
``for_reporting()``. Everything else — every write, every disclosure row, and every read the
sharing gate decides from — goes to ``default``. A replica lags the primary by a moment: a
withdrawal of consent takes effect at once (POLICY.md basis 2), so a decision read from a
replica could reveal what was just withdrawn. Reports and aggregate figures tolerate the lag;
decisions do not, so never call the gate inside ``reporting_reads()``.

With no replica configured, marked reads go to ``default`` too: the code is the same either way.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db.models import Model, QuerySet

DEFAULT = "default"
REPLICA = "replica"

_reporting: ContextVar[bool] = ContextVar("reporting_reads", default=False)


def replica_alias(replica: str = REPLICA) -> str:
    """The alias reporting reads use: the replica when one is configured, else the primary."""
    return replica if replica in settings.DATABASES else DEFAULT


@contextmanager
def reporting_reads() -> Iterator[None]:
    """Reads made inside go to the replica (when there is one). Writes still go to the primary."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def for_reporting(queryset: QuerySet) -> QuerySet:
    """This queryset, read from the replica when there is one."""
    return queryset.using(replica_alias())


class ReportingRouter:
    """``DATABASE_ROUTERS = ["config.db_router.ReportingRouter"]``."""

    def __init__(self, replica: str = REPLICA) -> None:
        self.replica = replica

    def db_for_read(self, model: type[Model], **hints) -> str:
        return replica_alias(self.replica) if _reporting.get() else DEFAULT

    def db_for_write(self, model: type[Model], **hints) -> str:
        return DEFAULT  # the single source of truth; a replica is read-only anyway

    def allow_relation(self, obj1: Model, obj2: Model, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool:
        return db == DEFAULT  # a physical replica follows the primary's schema; never migrate it
