# django-auditlog 3.4 creates its own auditlog_logentry table even when AUDITLOG_LOGENTRY_MODEL
# points elsewhere (jazzband/django-auditlog#804). Left there, it keeps foreign keys to
# django_content_type and auth_user that Django no longer knows about, so `flush` (and with it
# pytest-django's teardown of browser tests) fails. Entries written before the swap (development
# databases) move into the chained change log, free text concealed as it is now; then the old
# table goes.

from django.apps import apps as global_apps
from django.db import migrations

import audit.chain
from audit.masking import conceal

BATCH = 2000


def masked_fields(content_type) -> set[str]:
    from auditlog.registry import auditlog

    model = global_apps.get_model(content_type.app_label, content_type.model) if content_type else None
    if model is None or not auditlog.contains(model):
        return set()
    return set(auditlog.get_model_fields(model)["mask_fields"])


def conceal_changes(changes, fields: set[str]):
    if not isinstance(changes, dict) or not fields:
        return changes
    return {
        name: [conceal(str(v)) for v in values] if name in fields and isinstance(values, list) else values
        for name, values in changes.items()
    }


def move_entries(apps, schema_editor):
    connection = schema_editor.connection
    if "auditlog_logentry" not in connection.introspection.table_names():
        return
    Old = apps.get_model("auditlog", "LogEntry")
    New = apps.get_model("audit", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = {ct.pk: ct for ct in ContentType.objects.all()}
    fields = [f.attname for f in Old._meta.concrete_fields if f.attname != "id"]
    batch = []
    for entry in Old.objects.order_by("id").iterator(chunk_size=BATCH):
        values = {name: getattr(entry, name) for name in fields if hasattr(New, name)}
        masked = masked_fields(content_types.get(entry.content_type_id))
        values["changes"] = conceal_changes(values.get("changes"), masked)
        if masked:
            values["changes_text"] = ""
            values["serialized_data"] = None
        batch.append(New(**values))
        if len(batch) >= BATCH:
            audit.chain.link(New, batch, using=connection.alias)
            New.objects.bulk_create(batch)
            batch = []
    if batch:
        audit.chain.link(New, batch, using=connection.alias)
        New.objects.bulk_create(batch)
    schema_editor.execute("DROP TABLE auditlog_logentry", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.RunPython(move_entries, migrations.RunPython.noop),
    ]
