"""The change log (django-auditlog's entries, in a model of our own so that it can be chained)."""
from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.append_only import AppendOnlyModel, AppendOnlyQuerySet


class LogEntry(AppendOnlyModel, AbstractLogEntry):
    """One change to a registered model (created, changed, deleted), as django-auditlog records it.

    Swapped in for auditlog's own model (``AUDITLOG_LOGENTRY_MODEL``) to carry ``chain_hash``:
    auditlog writes entries one at a time through ``save()``, and ``AppendOnlyModel`` links each
    into the chain just before its INSERT (after auditlog's pre_save receivers have set the actor
    and address), in the transaction of the change it records. Never changed or deleted
    (the ORM refuses, and so does the database: docs/audit.md). Free-text fields are concealed
    before they get here (``audit.masking``).
    """

    # Three of auditlog's indexes dropped (issue 14): every change writes each index, and the change
    # log is read by object, actor, time and request, never by action or by a LIKE on text.
    object_pk = models.CharField(max_length=255, verbose_name=_("object pk"))
    action = models.PositiveSmallIntegerField(choices=AbstractLogEntry.Action.choices, verbose_name=_("action"))
    cid = models.CharField(max_length=255, null=True, blank=True, verbose_name=_("Correlation ID"))

    chain_hash = models.CharField(
        max_length=64, editable=False,
        help_text="sha256 over this row's content and the previous row's hash (docs/audit.md).",
    )

    objects = LogEntryManager.from_queryset(AppendOnlyQuerySet)()

    class Meta(AbstractLogEntry.Meta):
        indexes = [
            models.Index(fields=["object_pk"], name="audit_logentry_object_pk"),
            models.Index(fields=["cid"], name="audit_logentry_cid"),
        ]
        verbose_name = "change log entry"
        verbose_name_plural = "change log entries"
