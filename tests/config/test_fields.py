"""Free text about people is encrypted at rest; keys rotate without losing a row (issue 11)."""
from __future__ import annotations

import importlib
import io

import pytest
from auditlog import get_logentry_model
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from audit.masking import CONCEALED
from config.fields import EncryptedTextField, encrypted_fields
from families.models import Note, Person, SensitiveTopic
from families.services import note_add
from sharing.models import Override

SECRET = "Dad shouted at the worker; mum says she is frightened at home"
NEW_KEY = Fernet.generate_key().decode()


def _raw(model, pk: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def note(demo) -> Note:
    return note_add(
        subject=Person.objects.get(reference="ADA-C1"),
        author=demo.get(username="hv.hana"),
        topic=SensitiveTopic.SAFEGUARDING,
        text=SECRET,
    )


def test_note_text_is_stored_encrypted_and_read_back(note):
    raw = _raw(Note, note.pk, "text")
    assert SECRET not in raw and "frightened" not in raw
    assert Fernet(settings.FIELD_ENCRYPTION_KEYS[0]).decrypt(raw.encode()).decode() == SECRET
    assert Note.objects.get(pk=note.pk).text == SECRET
    assert Note.objects.filter(pk=note.pk).values_list("text", flat=True).get() == SECRET


def test_override_justifications_from_the_demo_are_encrypted(demo):
    override = Override.objects.get(subject__reference="MOR-C1")
    assert "bruising" in override.justification
    assert "bruising" not in _raw(Override, override.pk, "justification")


def test_the_encrypted_fields_are_the_sensitive_free_text():
    assert {f"{model._meta.label}.{field.name}" for model, field in encrypted_fields()} == {
        "families.Note.text",
        "sharing.Override.justification",
        "sharing.Referral.why",
        "sharing.ReferralEvent.note",
        "sharing.OverrideReview.note",
        "consent.ConsentWithdrawal.reason",
        "consent.Objection.reason",
        # Issues 13 and 14 (main's foundation): the phone number and the review contact's record.
        "families.Person.phone",
        "families.ReviewContact.present",
        "families.ReviewContact.note",
        # Issue 15: the common assessment, team meetings and their actions.
        *(f"families.Assessment.{domain}_{part}" for domain in ("development", "parenting", "environment")
          for part in ("strengths", "needs", "views")),
        "families.Assessment.summary",
        "families.Assessment.agreed_actions",
        "families.Meeting.others_present",
        "families.Meeting.agreed",
        "families.MeetingAction.what",
        # Issue 13: a note's amendment and why it was made.
        "families.NoteAmendment.text",
        "families.NoteAmendment.reason",
    }


@pytest.mark.parametrize("lookup", ["text", "text__icontains", "text__startswith", "text__in", "text__lower"])
def test_nothing_can_search_inside_an_encrypted_field(db, lookup):
    with pytest.raises(FieldError):
        list(Note.objects.filter(**{lookup: ["x"] if lookup.endswith("__in") else "x"}))


def test_the_change_log_does_not_copy_the_note_text(note):
    entries = get_logentry_model().objects.get_for_object(note)
    assert entries.exists(), "the note's creation is in the change log"
    for entry in entries:
        # The change log says the text was written, concealed whole (audit.masking), never the words.
        assert (entry.changes or {}).get("text", ["None", CONCEALED])[1] == CONCEALED
        assert "frightened" not in str(entry.changes) + str(entry.changes_text)


def test_rows_written_under_the_old_key_read_after_a_new_key_is_added_and_after_reencryption(demo):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]  # the demo world and this note are written under it
    person = Person.objects.get(reference="ADA-C1")
    note = note_add(subject=person, author=demo.get(username="hv.hana"), topic=SensitiveTopic.OTHER, text=SECRET)
    before = _raw(Note, note.pk, "text")
    # Step 1 of the procedure: the new key goes first; the old one still opens the old rows.
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, old_key]):
        assert Note.objects.get(pk=note.pk).text == SECRET
        # Step 2: re-encrypt everything under the new key.
        out = io.StringIO()
        call_command("reencrypt_fields", stdout=out)
        assert "families.Note.text:" in out.getvalue()
        after = _raw(Note, note.pk, "text")
        assert after != before
        assert Note.objects.get(pk=note.pk).text == SECRET
    # Step 3: the old key is dropped; every row still reads (the demo's too).
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert Note.objects.get(pk=note.pk).text == SECRET
        assert all(n.text for n in Note.objects.all())
        assert "bruising" in Override.objects.get(subject__reference="MOR-C1").justification
    # And the old key alone no longer opens it.
    with override_settings(FIELD_ENCRYPTION_KEYS=[old_key]), pytest.raises(InvalidToken):
        Note.objects.get(pk=note.pk)


def test_a_wrong_key_never_shows_ciphertext_as_text(note):
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(InvalidToken):
        Note.objects.get(pk=note.pk)


def test_the_data_migration_encrypts_rows_written_in_plain_text_and_back(note):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE families_note SET text = %s WHERE id = %s", [SECRET, note.pk])
    migration = importlib.import_module("families.migrations.0002_encrypt_note_text").Migration
    step = migration.operations[-1]
    with connection.schema_editor(atomic=False) as schema_editor:
        step.code(apps, schema_editor)
    assert _raw(Note, note.pk, "text") != SECRET
    assert Note.objects.get(pk=note.pk).text == SECRET
    with connection.schema_editor(atomic=False) as schema_editor:
        step.reverse_code(apps, schema_editor)
    assert _raw(Note, note.pk, "text") == SECRET


def test_the_field_is_a_text_column():
    assert EncryptedTextField().db_type(connection) == "text"
