"""Free text about people, encrypted in the application before it reaches the database.

Case notes, override justifications and the like are stored as Fernet tokens (AES-128-CBC with
HMAC-SHA256, from ``cryptography``): a copy of the database, a backup or a replica shows
nothing of what was written (ASVS 14.2.4; issue 11). The keys come from the environment
(``FIELD_ENCRYPTION_KEYS``, comma-separated, newest first, read in ``config/env.py`` through the
settings): the newest encrypts, every key decrypts, so a new key can be added in front and the
old rows re-encrypted at leisure with ``manage.py reencrypt_fields`` (docs/security.md).

Nothing can search inside these fields: a token differs every time the same text is encrypted,
so only ``isnull`` is allowed; any other lookup is a ``FieldError`` rather than a silent miss.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models

NO_KEYS = "Set FIELD_ENCRYPTION_KEYS: one or more Fernet keys, comma-separated, newest first."


@functools.lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(NO_KEYS)
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"A key in FIELD_ENCRYPTION_KEYS is not a Fernet key: {error}") from error


def field_fernet() -> MultiFernet:
    return _multi_fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return field_fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """Raises ``cryptography.fernet.InvalidToken`` if no key opens it: never shown as text."""
    return field_fernet().decrypt(token.encode("ascii")).decode()


def reencrypt(token: str) -> str:
    """The same text under the newest key (MultiFernet.rotate)."""
    return field_fernet().rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """A ``TextField`` stored encrypted; reads give the text back. Not searchable."""

    description = "Text encrypted in the application (Fernet)"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_lookup(self, lookup_name: str):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name: str):
        return None


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def transform_column(
    connection, *, table: str, column: str, transform: Callable[[str], str], pk: str = "id"
) -> int:
    """Rewrite every non-null value of one column in place; how many rows were rewritten.

    Raw SQL on purpose: the rows' content does not change (the same text, encrypted or under
    another key), so the append-only guard of history models does not apply, and migrations
    must not go through the field, which would decrypt what is still plain text.
    """
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} WHERE {qn(column)} IS NOT NULL")
        rows = cursor.fetchall()
        cursor.executemany(
            f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s",
            [(transform(value), pk) for pk, value in rows],
        )
    return len(rows)


def encrypt_existing_rows(*fields: tuple[str, str]):
    """A migration step encrypting the rows written before a field became encrypted.

    ``fields`` are ``("app_label.Model", "field_name")``; going back decrypts them again.
    """
    from django.db import migrations

    def run(apps, schema_editor, transform: Callable[[str], str]) -> None:
        for label, name in fields:
            model = apps.get_model(label)
            column = model._meta.get_field(name).column
            transform_column(
                schema_editor.connection, table=model._meta.db_table, column=column, transform=transform,
                pk=model._meta.pk.column,
            )

    return migrations.RunPython(
        lambda apps, schema_editor: run(apps, schema_editor, encrypt),
        lambda apps, schema_editor: run(apps, schema_editor, decrypt),
    )


@checks.register(checks.Tags.security, deploy=False)
def check_field_encryption_keys(app_configs, **kwargs) -> list[checks.CheckMessage]:
    try:
        field_fernet()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="config.E001")]
    return []
