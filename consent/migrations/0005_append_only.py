# Issue 10, tamper evidence (docs/audit.md): consent history is never changed or deleted, in the
# database too. The many-to-many link tables take new rows (a consent's subjects, agencies and
# purposes are written with it) but never lose or change one.

from django.db import migrations

import audit.triggers


class Migration(migrations.Migration):

    dependencies = [
        ('consent', '0004_encrypt_reasons'),
    ]

    operations = [
        audit.triggers.append_only(
            "consent_consent",
            "consent_consent_subjects",
            "consent_consent_agencies",
            "consent_consent_purposes",
            "consent_consentwithdrawal",
            "consent_objection",
            "consent_objection_subjects",
            "consent_capacityassessment",
            "consent_privacynotice",
        ),
    ]
