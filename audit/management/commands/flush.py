"""Django's ``flush``, able to empty the append-only history tables only where settings allow it.

pytest-django empties every table with ``flush`` (one TRUNCATE) after each transactional test
(the browser tests). The history tables refuse TRUNCATE (``audit.triggers``) unless the table's
owner sets ``audit.maintenance`` in the same transaction: this command sets it when
``AUDIT_FLUSH_HISTORY`` is on, which only the test settings do. Anywhere else ``flush`` on
PostgreSQL fails at the first history table, and nothing is emptied.
"""
from __future__ import annotations

from django.conf import settings
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

from audit.triggers import MAINTENANCE_SETTING


class Command(FlushCommand):
    def handle(self, **options) -> None:
        database = options["database"]
        connection = connections[database]
        if connection.vendor != "postgresql" or not settings.AUDIT_FLUSH_HISTORY:
            return super().handle(**options)
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                # is_local = true: the setting ends with this transaction.
                cursor.execute("SELECT set_config(%s, 'on', true)", [MAINTENANCE_SETTING])
            return super().handle(**options)
