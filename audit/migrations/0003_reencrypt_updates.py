# Key rotation (docs/security.md): the append-only trigger lets the table's owner rewrite encrypted
# free text in place under audit.reencrypt = 'on' (manage.py reencrypt_fields); nothing else changes.

from django.db import migrations

import audit.triggers


def replace_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(audit.triggers.FUNCTION_SQL, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_retire_auditlog_table'),
    ]

    operations = [migrations.RunPython(replace_function, migrations.RunPython.noop, elidable=False)]
