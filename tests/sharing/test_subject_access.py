"""Subject access (issue 10): the policy's rule, the due date, the one-step file, FHIR consents,
release, and the pages with exact counts."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from fhir.resources.R4B.consent import Consent as FhirConsent

from centres.vocabulary import JobRole
from families.models import Family, Note, Person
from sharing import services
from sharing.loading import viewer_for
from sharing.models import Disclosure, SubjectAccessEvent, TrailAccess
from sharing.policy import Viewer
from sharing.policy.subject_access import SUBJECT_ACCESS_CONTEXT, RequestFacts, decide_subject_access, due_on
from sharing.subject_access import subject_access_file
from sharing.vocabulary import Basis, Category

# The file for the Adams family, whatever the size of its history: session, user, device, family
# (reach), the open request; in one transaction (savepoint and release): people, the request's events,
# purposes, the disclosure chain's lock and the insert, notes, consents and their purposes, agencies
# and subjects, objections, capacity assessments, privacy notices, the log, the "produced" row, the
# trail access row; the Healthy Child Programme contacts and the notes' amendments (issue 13); who is
# involved, the common assessments, the team meetings and their actions (issue 15).
FILE_QUERIES = 29
MANAGER = Viewer(user_id=1, username="mgr", role=JobRole.CENTRE_MANAGER, centre_id=10)
OPEN = RequestFacts(request_id=5, centre_id=10, identity_checked=True)


# The decision table: one row per case (issue 10; UK GDPR Art. 15).
@pytest.mark.parametrize("viewer, centre, request_, permitted, why", [
    (MANAGER, 10, OPEN, True, "the centre's manager, an open identity-checked request"),
    (MANAGER, 11, OPEN, False, "another centre's family"),
    (MANAGER, 10, None, False, "no open request: a manager does not browse sensitive notes"),
    (MANAGER, 10, RequestFacts(5, 10, identity_checked=False), False, "identity not checked"),
    (MANAGER, 10, RequestFacts(5, 10, True, released=True), False, "already released"),
    (Viewer(2, "hv", JobRole.HEALTH_VISITOR, centre_id=10), 10, OPEN, False, "not a manager"),
    (Viewer(3, "ext", JobRole.EXTERNAL_PRACTITIONER, agency_id=1), 10, OPEN, False, "an external agency"),
])
@pytest.mark.parametrize("category", [Category.BASIC, Category.SENSITIVE])
def test_decision_table(viewer, centre, request_, permitted, why, category):
    decision = decide_subject_access(viewer, 99, centre, category, request_)
    assert decision.permitted is permitted, why
    assert (decision.basis == Basis.SUBJECT_ACCESS) is permitted
    assert decision.reason


@pytest.mark.parametrize("received, due", [
    (dt.date(2026, 3, 3), dt.date(2026, 4, 3)),
    (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
    (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
    (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
])
def test_due_one_calendar_month(received, due):
    assert due_on(received) == due


@pytest.fixture
def request_for_adams(demo, user):
    maya = user("mgr.maya")
    return services.subject_access_open(
        viewer=viewer_for(maya), opened_by=maya, family=Family.objects.get(reference="ADA"),
        requested_by="Anna Adams (mother)", received_on=timezone.localdate(), identity_checked=True,
        identity_evidence="passport",
    )


def test_open_refuses_unchecked_identity_and_other_roles(demo, user):
    maya, hana = user("mgr.maya"), user("hv.hana")
    family = Family.objects.get(reference="ADA")
    kwargs = {"family": family, "requested_by": "x", "received_on": timezone.localdate()}
    with pytest.raises(ValidationError):
        services.subject_access_open(viewer=viewer_for(maya), opened_by=maya, identity_checked=False, **kwargs)
    with pytest.raises(ValidationError):
        services.subject_access_open(viewer=viewer_for(hana), opened_by=hana, identity_checked=True, **kwargs)
    lewis = Family.objects.get(reference="LEW")
    with pytest.raises(ValidationError):
        services.subject_access_open(viewer=viewer_for(maya), opened_by=maya, identity_checked=True,
                                     **{**kwargs, "family": lewis})


def test_the_file_has_everything_is_recorded_and_consents_are_fhir(request_for_adams, user, client_for):
    client_for("hv.hana").get("/families/ADA/")  # something in the log
    maya = user("mgr.maya")
    produced = subject_access_file(user=maya, request=request_for_adams)
    people = set(Person.objects.filter(family__reference="ADA").values_list("reference", flat=True))
    assert {p["reference"] for p in produced.people} == people
    texts = {n["text"] for n in produced.notes} | {t.get("text") for t in produced.third_party}
    assert set(Note.objects.filter(subject__family__reference="ADA").values_list("text", flat=True)) <= texts
    assert produced.consents and produced.fhir_consents
    assert any(d["role"] == "Health visitor" and d["outcome"] == "shown" for d in produced.disclosures)
    for resource in produced.fhir_consents:
        FhirConsent.model_validate(resource)  # raises on an invalid FHIR R4(B) Consent
    rows = Disclosure.objects.filter(context=SUBJECT_ACCESS_CONTEXT, viewer=maya)
    assert rows.count() == 2 * len(people) and all(r.basis == Basis.SUBJECT_ACCESS for r in rows)
    assert SubjectAccessEvent.objects.filter(request=request_for_adams, kind="produced").count() == 1
    assert TrailAccess.objects.filter(page="subject-access-file").count() == 1
    json.dumps(produced.as_json())


def test_release_needs_the_file_first_and_happens_once(request_for_adams, user):
    maya = user("mgr.maya")
    with pytest.raises(ValidationError):
        services.subject_access_release(request=request_for_adams, by=maya)
    subject_access_file(user=maya, request=request_for_adams)
    services.subject_access_release(request=request_for_adams, by=maya)
    with pytest.raises(ValidationError):
        services.subject_access_release(request=request_for_adams, by=maya)
    # Released: the policy no longer lets the file be produced for it.
    produced = subject_access_file(user=maya, request=request_for_adams)
    assert produced.people == [] and produced.refused


def test_pages(request_for_adams, client_for, assert_request_queries):
    client = client_for("mgr.maya")
    client.get("/sharing/subject-access/")
    with assert_request_queries(4):  # session, user + membership, device, open requests
        response = client.get("/sharing/subject-access/")
    assert "Anna Adams (mother)" in response.content.decode()
    # session, user, device, family (reach), requests, their events (prefetched with who recorded them)
    with assert_request_queries(6):
        assert client.get("/sharing/subject-access/family/ADA/").status_code == 200
    client.get("/sharing/subject-access/family/ADA/file/")
    with assert_request_queries(FILE_QUERIES):
        page = client.get("/sharing/subject-access/family/ADA/file/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Consent history" in page.content.decode()
    data = client.get("/sharing/subject-access/family/ADA/file/?format=json").json()
    assert data["request"] == request_for_adams.pk and data["fhir_consents"]
    assert client.get("/sharing/subject-access/family/BRO/file/").status_code == 404
    assert client_for("hv.hana").get("/sharing/subject-access/").status_code == 403
    response = client.post("/sharing/subject-access/family/ADA/", {"request": request_for_adams.pk, "reviewed": "on"})
    assert response.status_code == 302
    assert SubjectAccessEvent.objects.filter(kind="released").count() == 1


def test_open_a_request_through_the_form(demo, client_for):
    today = timezone.localdate()
    response = client_for("mgr.maya").post("/sharing/subject-access/new/", {
        "reference": "ada-c1", "requested_by": "Anna Adams (mother)", "received_on_0": today.day,
        "received_on_1": today.month, "received_on_2": today.year, "identity_checked": "on",
    })
    assert response.status_code == 302 and response.url == "/sharing/subject-access/family/ADA/"


def test_the_file_includes_objections(demo, user):
    maya = user("mgr.maya")
    request = services.subject_access_open(
        viewer=viewer_for(maya), opened_by=maya, family=Family.objects.get(reference="CLA"),
        requested_by="the mother", received_on=timezone.localdate(), identity_checked=True,
    )
    produced = subject_access_file(user=maya, request=request)
    assert any(r["record"] == "Objection to sharing" for r in produced.other_records)


def test_the_file_includes_other_personal_details_and_contact_dates(request_for_adams, user):
    """Issue 13: the other personal details are part of the file, with the sensitive category."""
    produced = subject_access_file(user=user("mgr.maya"), request=request_for_adams).as_json()
    alice = next(p for p in produced["people"] if p["reference"] == "ADA-P1")
    assert alice["other_personal_details"]["nhs_number"] == "9434765919"
    assert alice["other_personal_details"]["phone"] == "07700900123"
    assert all("contact_on" in n for n in produced["notes"])


def test_the_file_includes_corrections_to_notes_beside_the_original(request_for_adams, user):
    """Issue 13: an amended note is in the file as first written and with every correction
    (who, when, why); a correction that names someone else goes to the manager's review."""
    from families.models import Note
    from families.services import note_amend

    hana = user("hv.hana")
    note = Note.objects.get(subject__reference="ADA-C1", author=hana)
    note_amend(note=note, amended_by=hana, text="Feeding every 4 hours.", reason="Wrote 3 for 4.")
    produced = subject_access_file(user=user("mgr.maya"), request=request_for_adams).as_json()
    row = next(n for n in produced["notes"] if n["text"] == note.text)
    assert [(a["text"], a["why"], a["by"]) for a in row["amendments"]] == [
        ("Feeding every 4 hours.", "Wrote 3 for 4.", "Hana Hussain")
    ]
    note_amend(note=note, amended_by=hana, text="Feeding every 4 hours; BRO-C1's mother helps.", reason="Added")
    produced = subject_access_file(user=user("mgr.maya"), request=request_for_adams)
    assert note.text not in {n["text"] for n in produced.notes}
    assert any(t["text"] == note.text and "BRO-C1" in t["why"] for t in produced.third_party)


def test_the_file_includes_working_together(request_for_adams, user):
    """Issue 15: who works with the family, the common assessment and the team meeting are in the
    file (sensitive information, released with the category)."""
    produced = subject_access_file(user=user("mgr.maya"), request=request_for_adams)
    records = {(r["record"], r["detail"].split(";")[0]) for r in produced.other_records}
    assert {("Working with the family", "ADA-C1"), ("Common assessment (CAF)", "ADA-C1"),
            ("Team around the family meeting", "ADA-C1")} <= records
    caf = next(r for r in produced.other_records if r["record"] == "Common assessment (CAF)")
    assert "Parents and carers, needs: Alice feels tired" in caf["detail"]
    assert "Summary: Archie is developing well overall" in caf["detail"]
    meeting = next(r for r in produced.other_records if r["record"] == "Team around the family meeting")
    assert "agreed: Support Archie's speech" in meeting["detail"]
    assert "action for Sara" in meeting["detail"] and "Write to the landlord about the damp" in meeting["detail"]
    speech = [r for r in produced.other_records if "Priya Patel" in r["detail"]]
    assert len(speech) == 1 and "Speech and language therapist" in speech[0]["detail"]


def test_working_together_that_concerns_others_goes_to_review(demo, user):
    """A one-person request (Archie's): his assessment and team meeting are about his mother as
    much as him, so they are listed for the manager's review, not put in the file; an involvement
    naming someone else's reference goes to review for any request."""
    from families.together.models import Involvement
    from families.together.services import involvement_add

    maya = user("mgr.maya")
    archie = Person.objects.get(reference="ADA-C1")
    involvement_add(subject=archie, recorded_by=user("fsw.frank"), name="Nursery key worker",
                    role="Key worker for BRO-C1 and ADA-C1", since=timezone.localdate())
    request = services.subject_access_open(
        viewer=viewer_for(maya), opened_by=maya, family=archie.family, person=archie,
        requested_by="Alice Adams (mother)", received_on=timezone.localdate(), identity_checked=True,
    )
    produced = subject_access_file(user=maya, request=request)
    filed = {r["record"] for r in produced.other_records}
    reviewed = {(t["record"], t["why"]) for t in produced.third_party if "record" in t}
    assert {"Common assessment (CAF)", "Team around the family meeting"}.isdisjoint(filed)
    assert ("Common assessment (CAF)", "about the family's other members too") in reviewed
    assert ("Team around the family meeting", "about the family's other members too") in reviewed
    assert ("Working with the family", "mentions BRO-C1") in reviewed
    assert Involvement.objects.filter(subject=archie).count() == 3
    assert "Working with the family" in filed  # the others, which name no one else
