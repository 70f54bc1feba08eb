# Issue 10, tamper evidence (docs/audit.md): the disclosure log is hash-chained, and the
# database refuses UPDATE, DELETE and TRUNCATE on every history table of this app.

from django.db import migrations, models

import audit.chain
import audit.triggers


def chain_existing_disclosures(apps, schema_editor):
    """Rows written before the chain existed (development databases) join it in id order."""
    Disclosure = apps.get_model("sharing", "Disclosure")
    audit.chain.backfill(Disclosure, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('sharing', '0003_purpose_asserted_recorded_by_viewer'),
    ]

    operations = [
        migrations.AddField(
            model_name='disclosure',
            name='chain_hash',
            field=models.CharField(default='', editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_disclosures, migrations.RunPython.noop),
        audit.triggers.append_only(
            "sharing_disclosure",
            "sharing_override",
            "sharing_overridereview",
        ),
    ]
