"""Change-log entries for rows written in bulk (``bulk_create`` sends no signals, so django-auditlog
never sees them). One entry per row, as auditlog's own would be — its diff, its masking, the
actor and correlation id — inserted in one chained INSERT in the caller's transaction."""
from __future__ import annotations

from collections.abc import Sequence

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.models import AbstractLogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from audit.models import LogEntry


def log_created(objs: Sequence[models.Model], *, actor: AbstractBaseUser | None) -> list[LogEntry]:
    """Write the "created" entries for ``objs`` (saved, so with primary keys), of registered models."""
    if not objs:
        return []
    at, cid = timezone.now(), get_cid()
    entries = []
    content_types: dict[type, ContentType] = {}
    for obj in objs:
        model = type(obj)
        if not auditlog.contains(model):
            continue
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        entries.append(
            LogEntry(
                content_type=content_types[model],
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=str(obj),
                action=AbstractLogEntry.Action.CREATE,
                changes=model_instance_diff(
                    None, obj, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
                ) or {},
                actor=actor,
                timestamp=at,
                cid=cid,
            )
        )
    return LogEntry.objects.bulk_create(entries)
