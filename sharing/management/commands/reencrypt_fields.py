"""Re-encrypt every encrypted field under the newest key (docs/security.md, key rotation)."""
from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from audit.triggers import REENCRYPT_SETTING
from config.fields import encrypted_fields, reencrypt, transform_column


class Command(BaseCommand):
    help = (
        "Re-encrypt note text, override justifications and the other encrypted fields under the "
        "first key of FIELD_ENCRYPTION_KEYS. Run after putting a new key first; then drop the old one."
    )

    def handle(self, *args, **options) -> None:
        # One transaction: a key that opens none of the rows stops the run with nothing changed.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # History tables refuse UPDATE (audit.triggers); their owner — the migration role,
                # never the application's — may rewrite the ciphertext under this setting.
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL {REENCRYPT_SETTING} = 'on'")
            for model, field in encrypted_fields():
                count = transform_column(
                    connection, table=model._meta.db_table, column=field.column, transform=reencrypt,
                    pk=model._meta.pk.column,
                )
                self.stdout.write(f"{model._meta.label}.{field.name}: {count} re-encrypted")
