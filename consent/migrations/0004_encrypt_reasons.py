# Issue 11: the reasons given for a withdrawal or an objection are encrypted in the application
# (config/fields.py). The columns stay text; the rows already there are encrypted in place.
import config.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("consent", "0003_purposes")]

    operations = [
        migrations.AlterField(
            model_name="consentwithdrawal", name="reason", field=config.fields.EncryptedTextField(blank=True)
        ),
        migrations.AlterField(model_name="objection", name="reason", field=config.fields.EncryptedTextField(blank=True)),
        config.fields.encrypt_existing_rows(
            ("consent.ConsentWithdrawal", "reason"), ("consent.Objection", "reason")
        ),
    ]
