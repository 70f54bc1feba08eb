"""Referrals to a partner agency (issue 15): the pack built by the gate, sending, answering, the pages."""
from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from centres.models import PartnerAgency
from consent.models import Consent, Purpose
from consent.services import consent_withdraw
from families.models import Person
from families.vocabulary import SensitiveTopic
from sharing import referrals, trail
from sharing.models import Disclosure, Referral, ReferralEvent
from sharing.referral_forms import BASIC_REQUIRED, WHY_REQUIRED

HOUSING = "City Housing Support"


@pytest.fixture
def evans_referral(demo) -> Referral:
    return Referral.objects.get(subject__reference="EVA-P1")


def _person(reference: str) -> Person:
    return Person.objects.select_related("family__centre").get(reference=reference)


def _ask(agency: str = HOUSING, topics=(SensitiveTopic.LIFESTYLE.value,), purpose=Purpose.CENTRE_SERVICES):
    return referrals.Ask(PartnerAgency.objects.get(name=agency), purpose, True, tuple(topics))


# --- The demo referral ---------------------------------------------------------------------------


def test_the_demo_referral_carries_basic_information_only(evans_referral):
    r = evans_referral
    assert (r.agency.name, r.sent_by.username, r.purpose.slug) == (HOUSING, "fsw.frank", "centre-services")
    assert r.sent_basic and r.sent_topics == [] and r.sent_note_ids == []
    assert r.asked_topics == ["lifestyle"]
    assert [item["what"] for item in r.left_out] == ["Lifestyle factors"]
    assert "covers basic information only" in r.left_out[0]["reason"]
    assert r.consent == Consent.objects.get(family__reference="EVA")
    assert [e.kind for e in r.events.all()] == [ReferralEvent.Kind.SENT]


def test_sending_records_disclosures_to_the_agency(evans_referral):
    rows = Disclosure.objects.filter(referral=evans_referral).order_by("category")
    assert [(d.category, d.permitted, d.recipient_agency.name, d.viewer.username, d.context) for d in rows] == [
        ("basic", True, HOUSING, "fsw.frank", "referral:send"),
        ("sensitive", False, HOUSING, "fsw.frank", "referral:send"),
    ]
    assert rows[0].consent_id == evans_referral.consent_id and rows[0].basis == "explicit_consent"


def test_the_chain_still_verifies_with_recipient_rows(evans_referral, capsys):
    """The new columns are in the hash when set and left out when empty: old and new rows verify."""
    call_command("verify_audit")
    assert "broken" not in capsys.readouterr().out


# --- Sending ----------------------------------------------------------------------------------------


def test_nothing_goes_to_an_agency_no_consent_names(user):
    with pytest.raises(ValidationError) as error:
        referrals.referral_send(user("fsw.frank"), _person("EVA-P1"), _ask("Jobcentre Plus Norwich"), why="Work")
    assert "Nothing can be sent to Jobcentre Plus Norwich" in error.value.messages[0]
    assert not Referral.objects.filter(agency__name="Jobcentre Plus Norwich").exists()


@pytest.mark.parametrize("reference", ["ADA-P1", "BRO-C1", "MOR-C1"])
def test_in_centre_consent_duty_of_care_and_overrides_do_not_extend_to_an_agency(user, reference):
    """Adams: in-centre consent only; Brown: the health visitor's duty of care; Morris: frank's override."""
    sender = user("hv.hana" if reference == "BRO-C1" else "fsw.frank")
    purpose = Purpose.CENTRE_SERVICES
    with pytest.raises(ValidationError):
        referrals.referral_send(sender, _person(reference), _ask(topics=(), purpose=purpose), why="Housing")


def test_a_pack_that_changed_since_the_preview_is_not_sent(user):
    frank, person = user("fsw.frank"), _person("EVA-P1")
    ask = _ask()
    preview = referrals.referral_preview(frank, person, ask)
    with pytest.raises(ValidationError) as error:
        referrals.referral_send(frank, person, ask, why="Rent", previewed="1|lifestyle|")
    assert error.value.messages[0] == referrals.PACK_CHANGED
    sent = referrals.referral_send(frank, person, ask, why="Rent", previewed=preview.signature)
    assert sent.sent_basic


def test_preview_records_what_the_sender_saw(user):
    frank = user("fsw.frank")
    before = Disclosure.objects.count()
    pack = referrals.referral_preview(frank, _person("EVA-P1"), _ask())
    assert pack.basic.full_name == "Erin Evans" and pack.notes == ()
    rows = Disclosure.objects.order_by("id")[before:]
    assert {(d.context, d.recipient_agency_id) for d in rows} == {("page:referral-preview", None)}


# --- Answering ----------------------------------------------------------------------------------


def test_the_agency_accepts_once(evans_referral, user):
    event = referrals.referral_respond(user=user("ext.ella"), referral=evans_referral, kind="accepted", note="Booked")
    assert event.kind == "accepted"
    with pytest.raises(ValidationError) as error:
        referrals.referral_respond(user=user("ext.ella"), referral=evans_referral, kind="declined")
    assert error.value.messages[0] == "This referral has already been accepted."


@pytest.mark.parametrize("username", ["ext.evan", "fsw.frank", "mgr.maya"])
def test_only_the_agency_answers(evans_referral, user, username):
    with pytest.raises(ValidationError):
        referrals.referral_respond(user=user(username), referral=evans_referral, kind="accepted")
    assert evans_referral.events.count() == 1


# --- Withdrawal: who to tell --------------------------------------------------------------------


def test_withdrawal_lists_the_referrals_it_covered(evans_referral, user, client_for):
    consent = evans_referral.consent
    assert "Rent arrears" in client_for("ext.ella").get(f"/sharing/referrals/{evans_referral.pk}/").content.decode()
    consent_withdraw(consent=consent, recorded_by=user("hv.hana"), withdrawn_at=timezone.now(), reason="")
    listed = trail.consent_referrals(consent_id=consent.pk, until=timezone.now())
    assert [(r["id"], r["agency"], r["status"]) for r in listed] == [(evans_referral.pk, HOUSING, "Sent")]
    page = client_for("hv.hana").get(f"/sharing/who-saw-under-consent/{consent.pk}/").content.decode()
    assert "Referrals sent under this consent" in page and f"Referral {evans_referral.pk}" in page
    # The agency's worker no longer reaches her (agency reach is revoked): the pack shows nothing more.
    response = client_for("ext.ella").get(f"/sharing/referrals/{evans_referral.pk}/")
    assert response.status_code == 200
    assert "Erin Evans" not in response.content.decode() and "Not shared with you now" in response.content.decode()
    # Nor the sender's reason, which is about her.
    assert evans_referral.why not in response.content.decode()


# --- Pages ---------------------------------------------------------------------------------------


def test_refer_preview_and_send_in_the_browser_flow(client_for):
    client = client_for("fsw.frank")
    agency = PartnerAgency.objects.get(name=HOUSING)
    data = {"agency": agency.pk, "purpose": "centre-services", "basic": "on", "topics": ["lifestyle"],
            "why": "Rent arrears", "preview": "1"}
    page = client.post("/sharing/refer/EVA-P1/", data).content.decode()
    assert "Check what will be sent" in page and "Erin Evans" in page
    assert "Lifestyle factors" in page and "covers basic information only" in page
    assert "Rent arrears; referred to debt advice." not in page  # the note is left out, not hidden
    signature = "1||"
    before = Referral.objects.count()
    response = client.post("/sharing/refer/EVA-P1/", {**data, "send": "1", "previewed": signature})
    assert response.status_code == 302
    assert Referral.objects.count() == before + 1


def test_an_empty_post_sends_nothing_and_says_what_is_missing(client_for):
    before = Referral.objects.count()
    response = client_for("fsw.frank").post("/sharing/refer/EVA-P1/", {})
    assert response.status_code == 200 and Referral.objects.count() == before
    page = response.content.decode()
    assert BASIC_REQUIRED in page and WHY_REQUIRED in page


def test_the_agency_sees_and_accepts_the_referral(evans_referral, client_for):
    client = client_for("ext.ella")
    listing = client.get("/sharing/referrals/").content.decode()
    assert "Referrals sent to City Housing Support" in listing and "Erin Evans (EVA-P1)" in listing
    page = client.get(f"/sharing/referrals/{evans_referral.pk}/").content.decode()
    assert "Erin Evans" in page and "5 Elm Hill" in page and "Rent arrears; referred" not in page
    response = client.post(f"/sharing/referrals/{evans_referral.pk}/answer/", {"kind": "accepted"})
    assert response.status_code == 302
    assert evans_referral.events.order_by("-id").first().kind == "accepted"
    assert "Accepted" in client.get(f"/sharing/referrals/{evans_referral.pk}/").content.decode()


def test_the_pack_as_json_and_printable(evans_referral, client_for):
    client = client_for("fsw.frank")
    before = Disclosure.objects.filter(recipient_agency__isnull=False).count()
    response = client.get(f"/sharing/referrals/{evans_referral.pk}/pack.json")
    document = json.loads(response.content)
    assert document["person"]["last_name"] == "Evans" and document["information"] == []
    assert document["left_out"][0]["what"] == "Lifestyle factors"
    assert "no-store" in response["Cache-Control"]
    assert client.get(f"/sharing/referrals/{evans_referral.pk}/pack/").status_code == 200
    after = Disclosure.objects.filter(recipient_agency__isnull=False).order_by("id")
    assert after.count() == before + 2  # basic (all that was sent), for the JSON and the print
    assert {d.context for d in after[before:]} == {"export:referral-pack", "print:referral-pack"}


@pytest.mark.parametrize(
    ("username", "status"),
    [("ext.evan", 404), ("hv.hugo", 404), ("cg.cara", 404), ("admin", 404), ("hv.hana", 200), ("ext.ella", 200)],
)
def test_who_opens_a_referral(evans_referral, client_for, username, status):
    assert client_for(username).get(f"/sharing/referrals/{evans_referral.pk}/").status_code == status


# --- Query counts: constant, asserted exactly ------------------------------------------------------


def test_query_counts(evans_referral, client_for, assert_request_queries):
    """session, user with membership, device, then: the person (with facts), consents, carer links,
    purposes and the disclosure insert (chain head + INSERT) are the gate's, as on the family page."""
    frank, ella = client_for("fsw.frank"), client_for("ext.ella")
    pk = evans_referral.pk
    for client, url, count in [
        # + the purposes for the form's choices, the agencies
        (frank, "/sharing/refer/EVA-P1/", 11),
        # the referral; the gate's 6; its events
        (ella, f"/sharing/referrals/{pk}/", 11),
        (frank, f"/sharing/referrals/{pk}/", 11),
        # the referrals (with status, newest first, at most 100); the gate's 6 for all their people at once
        (ella, "/sharing/referrals/", 10),
        (frank, "/sharing/referrals/", 10),
        # the referral
        (ella, f"/sharing/referrals/{pk}/answer/", 4),
        # the referral; the gate's 6, and a second insert (chain head + INSERT): the agency as recipient
        (frank, f"/sharing/referrals/{pk}/pack/", 12),
        (frank, f"/sharing/referrals/{pk}/pack.json", 12),
    ]:
        client.get(url)
        with assert_request_queries(count):
            assert client.get(url).status_code == 200, url


def test_a_pack_carries_what_a_note_now_says(user):
    """Issue 13: a note its author corrected goes to the agency as corrected, saying so."""
    from django.template.loader import render_to_string

    from consent.services import consent_record
    from consent.vocabulary import INFORMED_POINTS, ConsentDecision, ConsentMethod
    from families.models import Note
    from families.services import note_amend

    hana, adams = user("hv.hana"), Person.objects.filter(family__reference="ADA")
    mother = adams.get(reference="ADA-P1")
    consent_record(
        family=mother.family, given_by=mother, subjects=list(adams), decision=ConsentDecision.GIVEN,
        recorded_by=hana, covers_basic=True, sensitive_topics=[SensitiveTopic.BREASTFEEDING],
        in_centre_team=True, agencies=[PartnerAgency.objects.get(name=HOUSING)],
        purposes=[Purpose.objects.get(slug=Purpose.CENTRE_SERVICES)], method=ConsentMethod.WRITTEN,
        informed=dict.fromkeys(INFORMED_POINTS, True),
        supersedes=Consent.objects.filter(family=mother.family).order_by("-id").first(),
    )
    note = Note.objects.get(subject__reference="ADA-C1", author=hana, topic=SensitiveTopic.BREASTFEEDING)
    note_amend(note=note, amended_by=hana, text="Feeding every 4 hours.", reason="Wrote 3 for 4.")
    pack = referrals.referral_preview(
        user("fsw.frank"), _person("ADA-C1"), _ask(topics=(SensitiveTopic.BREASTFEEDING.value,))
    )
    assert [n.current_text for n in pack.notes] == ["Feeding every 4 hours."]
    html = render_to_string("sharing/includes/referral_pack_body.html", {"pack": pack})
    assert "Feeding every 4 hours." in html and "amended by its author" in html
    assert note.text not in html
