# Issue 11: override justifications and review notes are encrypted in the application
# (config/fields.py). The columns stay text; the rows already there are encrypted in place.
import config.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="override",
            name="justification",
            field=config.fields.EncryptedTextField(help_text="Why it is necessary, in the practitioner's words."),
        ),
        migrations.AlterField(
            model_name="overridereview", name="note", field=config.fields.EncryptedTextField(blank=True)
        ),
        config.fields.encrypt_existing_rows(("sharing.Override", "justification"), ("sharing.OverrideReview", "note")),
    ]
