"""Corrections to notes (issue 13): only by the author's amendment, which keeps the original
(who, when, why), fetched with the note through the gate and shown as its history."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.append_only import AppendOnlyError
from families import services
from families.models import Note, NoteAmendment, Person

ORIGINAL = "Breastfeeding well at 6–8 week review; feeding every 3 hours."


def hanas_note() -> Note:
    """hv.hana's note on Archie Adams (demo/world.py), shown to the Riverside team by the Adams consent."""
    return Note.objects.get(subject__reference="ADA-C1", author__username="hv.hana")


def amend_url(note: Note) -> str:
    return f"/families/people/{note.subject.reference}/notes/{note.pk}/amend/"


# --- The service --------------------------------------------------------------------------------


def test_an_amendment_keeps_the_original_and_is_history(demo, user):
    note = hanas_note()
    amendment = services.note_amend(
        note=note, amended_by=user("hv.hana"), text="  Feeding every 4 hours.  ", reason="Wrote 3 for 4."
    )
    note.refresh_from_db()
    assert note.text == ORIGINAL  # the note itself is never updated
    assert (amendment.text, amendment.reason, amendment.amended_by.username) == (
        "Feeding every 4 hours.", "Wrote 3 for 4.", "hv.hana"
    )
    assert amendment.amended_at is not None
    amendment.text = "changed"
    with pytest.raises(AppendOnlyError):
        amendment.save()
    with pytest.raises(AppendOnlyError):
        amendment.delete()
    services.note_amend(note=note, amended_by=user("hv.hana"), text="Feeding every 4 hours, at night too.",
                        reason="Added the nights.")
    assert list(note.amendments.order_by("amended_at", "id").values_list("reason", flat=True)) == [
        "Wrote 3 for 4.", "Added the nights."
    ]


@pytest.mark.parametrize("text, reason, field", [("New words", "  ", "reason"), ("", "Why", "text")])
def test_an_amendment_needs_new_words_and_a_reason(demo, user, text, reason, field):
    with pytest.raises(ValidationError) as excinfo:
        services.note_amend(note=hanas_note(), amended_by=user("hv.hana"), text=text, reason=reason)
    assert field in excinfo.value.message_dict
    assert not NoteAmendment.objects.exists()


@pytest.mark.parametrize("username", ["sw.sara", "mgr.maya", "hv.hugo"])
def test_only_the_author_amends_a_note(demo, user, username):
    with pytest.raises(PermissionDenied):
        services.note_amend(note=hanas_note(), amended_by=user(username), text="Mine now", reason="Because")
    assert not NoteAmendment.objects.exists()


def test_the_policy_names_the_author_only(demo, user):
    from sharing.loading import viewer_for
    from sharing.policy import may_amend_note

    hana, sara = user("hv.hana"), user("sw.sara")
    assert may_amend_note(viewer_for(hana), hana.pk)
    assert not may_amend_note(viewer_for(sara), hana.pk)
    assert not may_amend_note(viewer_for(hana), None)  # a note whose author's account is gone


# --- The gate -----------------------------------------------------------------------------------


def test_amendments_come_with_their_note_and_only_with_it(demo, user):
    from sharing.disclose import disclose_people

    hana = user("hv.hana")
    evans_child = Person.objects.get(reference="EVA-C1")
    secret = services.note_add(subject=evans_child, author=hana, topic="lifestyle", text="Secret note.")
    services.note_amend(note=secret, amended_by=hana, text="Amended secret.", reason="Secret reason.")
    # fsw.frank: the Evans consent shares basic information only, so the note is not opened, and
    # neither the note nor its amendment leaves the database.
    with CaptureQueriesContext(connection) as frank_reads:
        [frank_view] = disclose_people(user("fsw.frank"), [evans_child], context="test")
    assert frank_view.notes is None and frank_view.own_notes == ()
    assert not any("families_noteamendment" in q["sql"] for q in frank_reads.captured_queries)
    # The author sees her note with its history (what she recorded herself), in one more query.
    with CaptureQueriesContext(connection) as hana_reads:
        [hana_view] = disclose_people(hana, [evans_child], context="test")
    assert sum("families_noteamendment" in q["sql"] for q in hana_reads.captured_queries) == 1
    [note] = [n for n in hana_view.own_notes if n.id == secret.pk]
    assert note.text == "Secret note." and note.current_text == "Amended secret." and note.may_amend
    [amendment] = note.amendments
    assert (amendment.text, amendment.reason, amendment.amended_by_name) == (
        "Amended secret.", "Secret reason.", "Hana Hussain"
    )


def test_a_page_whose_notes_are_not_opened_reads_no_amendment(client_for, user):
    hana = user("hv.hana")
    secret = services.note_add(subject=Person.objects.get(reference="EVA-C1"), author=hana, topic="lifestyle",
                               text="Secret note.")
    services.note_amend(note=secret, amended_by=hana, text="Amended secret.", reason="Secret reason.")
    client = client_for("fsw.frank")
    with CaptureQueriesContext(connection) as reads:
        page = client.get("/families/EVA/").content.decode()
    assert "Amended secret." not in page and "Secret reason." not in page and "Secret note." not in page
    assert not any("families_noteamendment" in q["sql"] for q in reads.captured_queries)


# --- The pages ----------------------------------------------------------------------------------


def test_the_author_amends_her_note_and_everyone_shown_it_sees_the_history(client_for, user):
    note = hanas_note()
    hana = client_for("hv.hana")
    family = hana.get("/families/ADA/").content.decode()
    assert amend_url(note) in family  # the author is offered the link
    assert amend_url(note) not in client_for("sw.sara").get("/families/ADA/").content.decode()
    form = hana.get(amend_url(note)).content.decode()
    assert ORIGINAL in form and "Why are you amending this note?" in form
    empty = hana.post(amend_url(note), {})
    assert empty.status_code == 200 and "Say why you are amending this note" in empty.content.decode()
    assert not NoteAmendment.objects.exists()
    response = hana.post(amend_url(note), {"text": "Feeding every 4 hours.", "reason": "Wrote 3 for 4."})
    assert response.status_code == 302 and response["Location"] == "/families/ADA/"
    page = client_for("sw.sara").get("/families/ADA/").content.decode()
    assert "Feeding every 4 hours." in page and "Amended" in page and "History" in page
    assert ORIGINAL in page and "Wrote 3 for 4." in page  # the original and why, in the history
    assert hanas_note().text == ORIGINAL


@pytest.mark.parametrize("username, status", [("sw.sara", 403), ("mgr.maya", 403), ("hv.hugo", 404)])
def test_a_note_not_yours_is_403_where_shown_and_404_where_not(client_for, username, status):
    note = hanas_note()
    client = client_for(username)
    assert client.get(amend_url(note)).status_code == status
    assert client.post(amend_url(note), {"text": "Mine", "reason": "Why"}).status_code == status
    assert not NoteAmendment.objects.exists()


def test_a_note_not_opened_for_its_subject_is_404_even_to_a_colleague(client_for, user):
    secret = services.note_add(subject=Person.objects.get(reference="EVA-C1"), author=user("hv.hana"),
                               topic="lifestyle", text="Secret note.")
    # fsw.frank sees the Evans child's name but not the note: it is not his to know it exists.
    assert client_for("fsw.frank").get(f"/families/people/EVA-C1/notes/{secret.pk}/amend/").status_code == 404
    # A note's pk under another person is not found either.
    assert client_for("hv.hana").get(f"/families/people/ADA-P1/notes/{hanas_note().pk}/amend/").status_code == 404


def test_amend_page_query_count(client_for, assert_request_queries):
    # session, user with membership, device, person by reach, the person with facts, consents,
    # carer links, purposes, the notes, their amendments, the disclosure chain, the disclosure insert.
    note = hanas_note()
    client = client_for("hv.hana")
    client.get(amend_url(note))
    with assert_request_queries(12):
        assert client.get(amend_url(note)).status_code == 200
