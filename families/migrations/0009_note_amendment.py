# Issue 13: a note is corrected only by an amendment that keeps the original (who, when, why).
# An amendment is history: never changed or deleted, in the database too.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import audit.triggers
import config.fields


class Migration(migrations.Migration):

    dependencies = [
        ('families', '0008_review_contact_append_only'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NoteAmendment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', config.fields.EncryptedTextField()),
                ('reason', config.fields.EncryptedTextField(verbose_name='Why it was amended')),
                ('amended_at', models.DateTimeField(auto_now_add=True)),
                ('amended_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('note', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='amendments', to='families.note')),
            ],
            options={
                'ordering': ['note', 'amended_at', 'id'],
            },
        ),
        audit.triggers.append_only("families_noteamendment"),
    ]
