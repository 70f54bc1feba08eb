"""Subject access (issue 10; POLICY.md consent box after ¶17; UK GDPR Art. 15).

``subject_access_file`` is the one transaction that produces a file: it asks the policy
(``sharing.policy.subject_access``) for each person and category, reads only what is permitted,
records every reveal in the disclosure log with the context "subject access", records that the
file was produced (``SubjectAccessEvent``) and that the trail was opened (``TrailAccess``), and
returns plain data for the printable page and the JSON. Reads for the request list are here too.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.selectors import display_name
from consent.models import CapacityAssessment, Consent, Objection, PrivacyNotice
from families.models import CarerLink, Note, NoteAmendment, Person, ReviewContact
from families.together.models import DOMAINS, Assessment, Involvement, Meeting, MeetingAction
from families.vocabulary import PERSONAL_DETAILS_FIELDS
from sharing import services
from sharing.loading import viewer_for
from sharing.models import Disclosure, SubjectAccessEvent, SubjectAccessRequest
from sharing.policy import purpose_text
from sharing.policy.subject_access import SUBJECT_ACCESS_CONTEXT, RequestFacts, decide_subject_access, due_on
from sharing.vocabulary import Basis, Category, CategoryChoice, context_label

FHIR_PERSON = "urn:sure-start:person"
FHIR_PURPOSE = "urn:sure-start:purpose"
REFERENCE = re.compile(r"\b[A-Z]{2,5}-[A-Z]\d+\b")


def open_requests(*, centre_id: int) -> QuerySet[SubjectAccessRequest]:
    """Requests not yet released, oldest first (the statutory month runs from receipt)."""
    return (
        SubjectAccessRequest.objects.filter(centre_id=centre_id)
        .exclude(events__kind=SubjectAccessEvent.Kind.RELEASED)
        .select_related("family", "person")
        .order_by("received_on", "id")
    )


def requests_for_family(*, family_id: int) -> list[SubjectAccessRequest]:
    return list(
        SubjectAccessRequest.objects.filter(family_id=family_id)
        .select_related("person", "opened_by")
        .prefetch_related(Prefetch("events", queryset=SubjectAccessEvent.objects.select_related("by")))
        .order_by("-received_on", "-id")
    )


def with_due_dates(requests, today: dt.date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    return [
        {"request": r, "due_on": due_on(r.received_on), "days_left": (due_on(r.received_on) - today).days}
        for r in requests
    ]


def released(request: SubjectAccessRequest) -> bool:
    return any(e.kind == SubjectAccessEvent.Kind.RELEASED for e in request.events.all())


@dataclass
class SubjectAccessFile:
    request_id: int
    family: str
    produced_at: dt.datetime
    due_on: dt.date
    people: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    consents: list[dict] = field(default_factory=list)
    fhir_consents: list[dict] = field(default_factory=list)
    disclosures: list[dict] = field(default_factory=list)
    third_party: list[dict] = field(default_factory=list)
    other_records: list[dict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "request": self.request_id, "family": self.family, "produced_at": self.produced_at.isoformat(),
            "due_on": self.due_on.isoformat(), "people": self.people, "notes": self.notes,
            "consents": self.consents, "other_records": self.other_records,
            "fhir_consents": self.fhir_consents, "disclosures": self.disclosures,
            "third_party_for_review": self.third_party,
        }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def fhir_consent(consent: Consent, subject: Person) -> dict:
    """One FHIR R4 ``Consent`` resource per consent and person it covers."""
    withdrawal = getattr(consent, "withdrawal", None)
    refused = consent.decision != "given"
    provision: dict = {
        "type": "deny" if refused else "permit",
        "period": {"start": consent.given_on.isoformat()},
        "purpose": [{"system": FHIR_PURPOSE, "code": p.slug, "display": p.name} for p in consent.purposes.all()],
        "actor": [
            {
                "role": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                     "code": "IRCP", "display": "information recipient"}]},
                "reference": {"display": agency.name},
            }
            for agency in consent.agencies.all()
        ],
    }
    if not provision["actor"]:
        del provision["actor"]
    if withdrawal is not None:
        provision["period"]["end"] = withdrawal.withdrawn_at.isoformat()
    return {
        "resourceType": "Consent",
        "id": f"{consent.pk}-{subject.reference}",
        "status": "inactive" if withdrawal is not None else "active",
        "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                              "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}]}],
        "patient": {"identifier": {"system": FHIR_PERSON, "value": subject.reference}},
        "dateTime": dt.datetime.combine(consent.given_on, dt.time.min, timezone.get_current_timezone()).isoformat(),
        "performer": [{"identifier": {"system": FHIR_PERSON, "value": consent.given_by.reference}}],
        "policyRule": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                                   "code": "OPTOUT" if refused else "OPTIN"}]},
        "provision": provision,
    }


def _personal_details(person: Person) -> dict:
    """The person's other personal details (``PERSONAL_DETAILS_FIELDS``), as recorded."""
    details = {name: getattr(person, name) for name in PERSONAL_DETAILS_FIELDS}
    details["sex"] = person.get_sex_display() if person.sex else ""
    details["ethnicity"] = person.get_ethnicity_display() if person.ethnicity else ""
    return details



def _working_together(
    result: SubjectAccessFile, sensitive: set[int], *, subject_refs: set[str], one_person: bool
) -> None:
    """Issue 15: who is involved with each person, their common assessments and the team meetings
    about them are part of the family's file (casework, sensitive information, ¶17), in four queries.

    Like notes, a record whose words name someone outside the request goes to the manager's
    review instead of the file; for a one-person request, so do assessments and meetings, which are
    about the family's carers as much as the child (the other carers are third parties to it)."""

    def add(row: dict, words: str, *, about_others: bool) -> None:
        others = sorted(set(REFERENCE.findall(words)) - subject_refs)
        if others:
            result.third_party.append({**row, "about": row["detail"].split(";")[0],
                                       "why": f"mentions {', '.join(others)}", "text": row["detail"]})
        elif one_person and about_others:
            result.third_party.append({**row, "about": row["detail"].split(";")[0],
                                       "why": "about the family's other members too", "text": row["detail"]})
        else:
            result.other_records.append(row)

    involvements = (
        Involvement.objects.filter(subject_id__in=sensitive)
        .select_related("subject", "service", "practitioner", "end").order_by("since", "id")
    )
    for involvement in involvements:
        who = display_name(involvement.practitioner) or involvement.name
        where = involvement.organisation or (involvement.service.name if involvement.service else "")
        ended = getattr(involvement, "end", None)
        detail = "; ".join(x for x in (
            involvement.subject.reference, f"{who}, {involvement.role}" if who else involvement.role, where,
            f"ended {ended.ended_on.isoformat()}" if ended else "",
        ) if x)
        add({"record": "Working with the family", "on": _iso(involvement.since), "detail": detail}, detail,
            about_others=False)
    for assessment in Assessment.objects.filter(subject_id__in=sensitive).select_related("subject", "started_by"):
        sections = [
            (f"{title}, {part}", getattr(assessment, f"{key}_{field}"))
            for key, title in DOMAINS
            for field, part in (("strengths", "strengths"), ("needs", "needs"), ("views", "the family's view"))
            if getattr(assessment, f"{key}_{field}")
        ] + [("Summary", assessment.summary)] + (
            [("Actions agreed", assessment.agreed_actions)] if assessment.agreed_actions else []
        )
        detail = "; ".join([
            assessment.subject.reference, f"by {display_name(assessment.started_by)}",
            *(f"{label}: {text}" for label, text in sections),
        ])
        add({"record": "Common assessment (CAF)", "on": _iso(assessment.started_on), "detail": detail}, detail,
            about_others=True)
    meetings = (
        Meeting.objects.filter(subject_id__in=sensitive).select_related("subject")
        .prefetch_related(Prefetch("actions", MeetingAction.objects.select_related("owner", "done")))
        .order_by("held_on", "id")
    )
    for meeting in meetings:
        actions = [
            f"action for {display_name(a.owner)} by {a.due_on.isoformat()}: {a.what}"
            + (f" (done {a.done.done_at.date().isoformat()})" if getattr(a, "done", None) else "")
            for a in meeting.actions.all()
        ]
        detail = "; ".join([meeting.subject.reference, f"agreed: {meeting.agreed}", *actions])
        add({"record": "Team around the family meeting", "on": _iso(meeting.held_on), "detail": detail},
            f"{detail} {meeting.others_present}", about_others=True)


@transaction.atomic
def subject_access_file(*, user, request: SubjectAccessRequest) -> SubjectAccessFile:
    """Produce the complete file for one request, in one step, and record it."""
    viewer = viewer_for(user)
    family = request.family
    subjects = list(
        Person.objects.filter(family=family, **({"pk": request.person_id} if request.person_id else {}))
        .select_related("family").order_by("reference")
    )
    facts = RequestFacts(request.pk, request.centre_id, request.identity_checked, released(request))
    decisions = [
        decide_subject_access(viewer, person.pk, family.centre_id, category, facts)
        for person in subjects for category in (Category.BASIC, Category.SENSITIVE)
    ]
    services.disclosures_record(viewer=viewer, decisions=decisions, context=SUBJECT_ACCESS_CONTEXT)
    basic = {d.subject_id for d in decisions if d.permitted and d.category == Category.BASIC}
    sensitive = {d.subject_id for d in decisions if d.permitted and d.category == Category.SENSITIVE}
    result = SubjectAccessFile(request.pk, family.reference, timezone.now(), due_on(request.received_on))
    result.refused = sorted({d.reason for d in decisions if not d.permitted})
    subject_refs = {p.reference for p in subjects}
    for person in subjects:
        if person.pk in basic:
            result.people.append({
                "reference": person.reference, "kind": person.get_kind_display(), "first_name": person.first_name,
                "last_name": person.last_name, "date_of_birth": _iso(person.date_of_birth),
                "address": ", ".join(x for x in (family.address_line_1, family.address_line_2, family.town) if x),
                "postcode": family.postcode,
                # Issue 13: other personal details are sensitive (¶15, ¶17): in the file when that
                # category is released for the person, like notes.
                "other_personal_details": _personal_details(person) if person.pk in sensitive else None,
            })
    notes = (
        Note.objects.filter(subject_id__in=sensitive).select_related("subject", "author")
        .prefetch_related(Prefetch("amendments", NoteAmendment.objects.select_related("amended_by")))
        .order_by("created_at")
    )
    for note in notes:
        # Issue 13: a note's corrections are part of the record held; the original stays beside them.
        amendments = [
            {"text": a.text, "why": a.reason, "amended_on": _iso(a.amended_at),
             "by": a.amended_by.get_full_name() if a.amended_by else ""}
            for a in note.amendments.all()
        ]
        row = {
            "about": note.subject.reference, "topic": note.get_topic_display(), "text": note.text,
            "written_on": _iso(note.created_at), "contact_on": _iso(note.contact_date),
            "by": note.author.get_full_name() if note.author else "", "amendments": amendments,
        }
        words = " ".join([note.text, *(f"{a['text']} {a['why']}" for a in amendments)])
        others = sorted(set(REFERENCE.findall(words)) - subject_refs)
        if others:
            # Another person's information inside this person's note: the manager reviews it.
            result.third_party.append({**row, "why": f"mentions {', '.join(others)}"})
        else:
            result.notes.append(row)
    # Issue 13: Healthy Child Programme contacts are part of the family's file (sensitive, ¶17).
    contacts = (
        ReviewContact.objects.filter(subject_id__in=sensitive).select_related("subject").order_by("contact_date", "id")
    )
    for contact in contacts:
        detail = [contact.subject.reference, contact.get_place_display(), contact.get_outcome_display()]
        detail += [f"breastfeeding: {contact.get_breastfeeding_display()}"] if contact.breastfeeding else []
        detail += [f"present: {contact.present}"] if contact.present else []
        detail += [contact.note] if contact.note else []
        result.other_records.append({
            "record": contact.get_review_display(), "on": _iso(contact.contact_date), "detail": "; ".join(detail),
        })
    if sensitive:
        _working_together(result, sensitive, subject_refs=subject_refs, one_person=bool(request.person_id))
    if request.person_id and basic:
        # The other carers and children of the family are third parties to a one-person request.
        for link in CarerLink.objects.filter(child_id__in=basic).exclude(carer_id__in=basic).select_related("carer"):
            result.third_party.append({"about": link.carer.reference, "why": "another carer's details",
                                       "text": f"{link.get_relationship_display()} of the subject"})
    if basic:
        consents = (
            Consent.objects.filter(subjects__in=basic).distinct()
            .select_related("given_by", "withdrawal").prefetch_related("purposes", "agencies", "subjects")
            .order_by("given_on", "id")
        )
        for consent in consents:
            withdrawal = getattr(consent, "withdrawal", None)
            result.consents.append({
                "id": consent.pk, "decision": consent.get_decision_display(), "kind": consent.get_kind_display(),
                "given_on": _iso(consent.given_on), "given_by": consent.given_by.reference,
                "withdrawn_at": _iso(withdrawal.withdrawn_at) if withdrawal else None,
                "purposes": [p.name for p in consent.purposes.all()],
                "agencies": [a.name for a in consent.agencies.all()],
                "people": sorted(p.reference for p in consent.subjects.all()),
            })
            for subject in consent.subjects.all():
                if subject.pk in basic:
                    result.fhir_consents.append(fhir_consent(consent, subject))
        for objection in Objection.objects.filter(subjects__in=basic).distinct().select_related("made_by"):
            result.other_records.append({"record": "Objection to sharing", "on": _iso(objection.made_at),
                                         "detail": f"made by {objection.made_by.reference}"})
        for assessment in CapacityAssessment.objects.filter(person_id__in=basic).select_related("person"):
            result.other_records.append({
                "record": assessment.get_kind_display(), "on": _iso(assessment.assessed_on),
                "detail": f"{assessment.person.reference}: {assessment.get_outcome_display()}",
            })
        for notice in PrivacyNotice.objects.filter(family=family):
            result.other_records.append({"record": "Privacy notice given", "on": _iso(notice.given_on), "detail": ""})
        log = (
            Disclosure.objects.filter(subject_id__in=basic)
            .select_related("viewer", "subject", "purpose", "viewer_centre", "viewer_agency")
            .order_by("at", "id")
        )
        for row in log:
            result.disclosures.append({
                "at": _iso(row.at), "who": row.viewer.get_full_name() or row.viewer.get_username(),
                "role": row.get_viewer_role_display(),
                "workplace": getattr(row.viewer_centre or row.viewer_agency, "name", ""),
                "about": row.subject.reference, "information": CategoryChoice(row.category).label,
                "outcome": "shown" if row.permitted else "refused",
                "basis": Basis(row.basis).label if row.basis else "", "purpose": purpose_text(row.purpose.slug),
                "where": context_label(row.context),
            })
    if basic or sensitive:
        services.subject_access_event_record(request=request, kind=SubjectAccessEvent.Kind.PRODUCED, by=user)
    services.trail_access_record(viewer=viewer, page="subject-access-file", filters={"request": request.pk})
    return result
