# Issue 13: a Healthy Child Programme contact is history (¶17: attendance at appointments). It is
# never changed or deleted, in the database too; a mistake is corrected by a new contact.

from django.db import migrations

import audit.triggers


class Migration(migrations.Migration):

    dependencies = [
        ('families', '0007_note_contact_date'),
    ]

    operations = [
        audit.triggers.append_only("families_reviewcontact"),
    ]
