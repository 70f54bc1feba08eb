# Issue 10, tamper evidence (docs/audit.md): a second-factor reset is history (who reset whose
# authenticator, when and why), append-only in the database as in the ORM.

from django.db import migrations

import audit.triggers


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('audit', '0001_initial'),
    ]

    operations = [
        audit.triggers.append_only("accounts_secondfactorreset"),
    ]
