"""Rows that are history: written once, never changed or deleted (POLICY.md: "the history of a
consent is kept whole"; the disclosure log is append-only)."""
from __future__ import annotations

from django.db import models

APPEND_ONLY = "{model} rows are history: they are never changed or deleted. Record a new row instead."


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY.format(model=self.model.__name__))

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY.format(model=self.model.__name__))


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY.format(model=type(self).__name__))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY.format(model=type(self).__name__))
