"""The change log: ours (audit.LogEntry), append-only, and never holding free text in clear."""
from __future__ import annotations

import pytest
from auditlog import get_logentry_model
from auditlog.registry import auditlog
from django.contrib import admin
from django.db import models

from audit.masking import CONCEALED, conceal
from audit.models import LogEntry
from config.append_only import AppendOnlyError
from families.models import Person, SensitiveTopic
from families.services import note_add

NOTE_TEXT = "Mum said she is struggling to sleep and feels low most days."


def test_auditlog_writes_to_the_chained_model():
    assert get_logentry_model() is LogEntry


def test_note_text_never_reaches_the_change_log(demo, user):
    note = note_add(
        subject=Person.objects.get(reference="ADA-P1"), author=user("hv.hana"),
        topic=SensitiveTopic.EMOTIONAL_HEALTH, text=NOTE_TEXT,
    )
    entry = LogEntry.objects.get_for_object(note).get()
    assert entry.changes["text"] == ["None", CONCEALED]
    assert entry.changes["topic"] == ["None", "emotional_health"]  # the rest of the change is kept
    for row in LogEntry.objects.values_list("changes", "changes_text", "serialized_data", "object_repr"):
        assert "struggling" not in str(row)


def test_every_free_text_field_of_a_registered_model_is_masked():
    """A TextField added to a registered model later must be masked too (¶17)."""
    unmasked = [
        f"{model.__name__}.{field.name}"
        for model in auditlog.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and field.name not in auditlog.get_model_fields(model)["mask_fields"]
    ]
    assert unmasked == []
    assert {m.__name__ for m in auditlog.get_models()} >= {"Note", "ConsentWithdrawal", "CapacityAssessment"}


@pytest.mark.parametrize("value, kept", [("", ""), ("None", "None"), ("Low mood", CONCEALED), ("x" * 500, CONCEALED)])
def test_conceal_hides_the_whole_value(value, kept):
    assert conceal(value) == kept


def test_log_entries_refuse_change_through_the_orm(demo):
    entry = LogEntry.objects.first()
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="x")
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.all().delete()


def test_the_change_log_is_not_in_the_admin():
    # It copies field values of people and families; it is read through the product, behind the gate.
    assert not admin.site.is_registered(LogEntry)


@pytest.mark.parametrize("address, stored", [("127.0.0.1", "127.0.0.1"), ("2001:DB8:0:0:0:0:0:0001", "2001:db8::1")])
def test_a_change_made_through_a_page_is_logged_chained_and_concealed(client_for, address, stored):
    """The whole path: a form, auditlog's middleware (actor, address), the chained entry, verify."""
    from io import StringIO

    from django.core.management import call_command

    client = client_for("hv.hana")
    response = client.post(
        "/families/people/ADA-C1/notes/new/", {"topic": "lifestyle", "text": NOTE_TEXT}, REMOTE_ADDR=address
    )
    assert response.status_code == 302
    entry = LogEntry.objects.order_by("-pk").first()
    assert entry.actor.username == "hv.hana"
    assert entry.remote_addr == stored
    assert entry.changes["text"] == ["None", CONCEALED]
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "Every chain is intact." in out.getvalue()
