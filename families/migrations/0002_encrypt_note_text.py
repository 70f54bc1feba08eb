# Issue 11: note text is encrypted in the application (config/fields.py). The column stays
# text; the rows already there are encrypted in place.
import config.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("families", "0001_initial")]

    operations = [
        migrations.AlterField(model_name="note", name="text", field=config.fields.EncryptedTextField()),
        config.fields.encrypt_existing_rows(("families.Note", "text")),
    ]
