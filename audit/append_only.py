"""Rows that are history: written once, never changed or deleted (POLICY.md: "the history of a
consent is kept whole"; the disclosure log is append-only).

The ORM's half of it; the database refuses too (``audit.triggers``), and a model with a
``chain_hash`` field is hash-chained as its rows are written (``audit.chain``, docs/audit.md).
Models import this through ``config.append_only``.
"""
from __future__ import annotations

from django.db import models, router, transaction

from audit import chain

APPEND_ONLY = "{model} rows are history: they are never changed or deleted. Record a new row instead."


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY.format(model=self.model.__name__))

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY.format(model=self.model.__name__))

    def bulk_create(self, objs, *args, **kwargs):
        if not chain.is_chained(self.model):
            return super().bulk_create(objs, *args, **kwargs)
        # A chained table (the disclosure log): hashes computed in order, then one INSERT (docs/audit.md).
        # The database written to, as Django's own bulk_create picks it (``self.db`` would ask the
        # router for a *read* — a replica inside a reporting block — and wait there on the chain's lock).
        using = self._db or router.db_for_write(self.model)
        return chain.bulk_create(
            self.model, objs, using=using,
            create=lambda rows: super(AppendOnlyQuerySet, self).bulk_create(rows, *args, **kwargs),
        )


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY.format(model=type(self).__name__))
        if not chain.is_chained(type(self)):
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        kwargs["force_insert"] = True
        # No savepoint: a history row that cannot be written fails the caller's whole transaction.
        with transaction.atomic(using=using, savepoint=False):
            super().save(*args, **kwargs)

    def _save_table(self, raw=False, cls=None, force_insert=False, force_update=False, using=None,
                    update_fields=None):
        # A chained row is hashed here, just before its INSERT: after the pre_save receivers, where
        # django-auditlog's middleware sets a change-log entry's actor and address. Raw saves
        # (fixtures, a test's serialized rollback) bring their own hash.
        if not raw and chain.is_chained(type(self)):
            chain.link(type(self), [self], using=using)
        return super()._save_table(raw, cls, force_insert, force_update, using, update_fields)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY.format(model=type(self).__name__))
