"""Issue 13: other personal details are a sensitive topic of their own, revealed and logged by the
gate; search ignores accents, case and apostrophes, finds misspellings, postcodes and NHS numbers."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from families.models import Person
from families.services import PersonDetailsInput, person_details_record, person_update
from families.validators import NHS_NUMBER_INVALID, NHS_NUMBER_TAKEN, PHONE_INVALID
from families.vocabulary import PERSONAL_DETAILS_FIELDS, SensitiveTopic, search_fold
from sharing import gate
from sharing.models import Disclosure
from sharing.revealed import PersonalDetails


def _people(user, reference):
    viewer = user
    view = gate.disclose_family(viewer, gate.family_for(viewer, reference), context="page:family")
    return {p.reference: p for p in view.people}


def test_the_gate_reads_the_declared_fields():
    assert set(PersonalDetails.__dataclass_fields__) == set(PERSONAL_DETAILS_FIELDS)


# One row per case: who, family, person, whether the details are revealed, and why (POLICY.md).
GATE_ROWS = [
    # Explicit consent naming every sensitive topic, other personal details among them (¶17).
    ("hv.hana", "ADA", "ADA-P1", True),
    ("fsw.frank", "ADA", "ADA-C1", True),
    # Health duty of care is basic information only (¶15): the details stay hidden.
    ("hv.hana", "BRO", "BRO-P1", False),
    # Consent for healthcare covers them; consent for centre services names every topic but this one.
    ("hv.hana", "ONE", "ONE-P1", True),
    ("fsw.frank", "ONE", "ONE-P1", False),
    # Consent to basic information only (Evans), for the housing officer.
    ("ext.ella", "EVA", "EVA-P1", False),
]


@pytest.mark.parametrize("username, family, reference, revealed", GATE_ROWS)
def test_details_are_revealed_only_with_the_topic_permitted_and_logged(user, username, family, reference, revealed):
    viewer = user(username)
    person = _people(viewer, family)[reference]
    assert person.basic is not None
    assert (person.details is not None) is revealed
    row = Disclosure.objects.get(
        viewer=viewer, subject__reference=reference, category="sensitive", context="page:family"
    )
    if revealed:
        assert row.permitted and SensitiveTopic.PERSONAL_DETAILS in person.sensitive_decision.topics
    else:
        assert not (row.permitted and SensitiveTopic.PERSONAL_DETAILS in person.sensitive_decision.topics)


def test_revealed_details_are_formatted(user):
    details = _people(user("hv.hana"), "ADA")["ADA-P1"].details
    assert details.nhs_number == "943 476 5919"
    assert details.sex_label == "Female"
    assert details.ethnicity_label == "White: English, Welsh, Scottish, Northern Irish or British"
    assert details.interpreter_label == "No" and details.gp_practice == "Riverside Medical Practice"


def test_the_family_page_shows_or_redacts_the_details(client_for):
    page = client_for("fsw.frank").get("/families/ONE/").content.decode()
    assert "450 557 7104" not in page and "Other personal details not shared with you" in page
    assert "Settling in after moving from Cork" in page  # the notes the consent does cover
    page = client_for("hv.hana").get("/families/ONE/").content.decode()
    assert "450 557 7104" in page and "Tombland Surgery" in page


# --- The correction form --------------------------------------------------------------------------


def test_a_health_visitor_records_details_in_the_correction_form(client_for):
    client = client_for("hv.hana")
    page = client.get("/families/people/ADA-C1/edit/")
    assert page.status_code == 200 and "NHS number" in page.content.decode()
    person = Person.objects.get(reference="ADA-C1")
    data = {
        "version": person.family.version, "first_name": "Archie", "last_name": "Adams",
        "date_of_birth_0": person.date_of_birth.day, "date_of_birth_1": person.date_of_birth.month,
        "date_of_birth_2": person.date_of_birth.year, "nhs_number": "401 023 2137", "sex": "male",
        "ethnicity": "mixed_other", "preferred_language": "English", "interpreter_needed": "no",
        "phone": "+44 (0)1603 123456", "gp_practice": "Riverside Medical Practice",
    }
    answer = client.post("/families/people/ADA-C1/edit/", data)
    # BRO-P1 already has that number: refused in words.
    assert NHS_NUMBER_TAKEN in answer.content.decode()
    answer = client.post("/families/people/ADA-C1/edit/", {**data, "nhs_number": "123 456 7890", "phone": "12"})
    assert NHS_NUMBER_INVALID in answer.content.decode() and PHONE_INVALID in answer.content.decode()
    answer = client.post("/families/people/ADA-C1/edit/", {**data, "nhs_number": "943 476 5870"})
    assert answer.status_code == 302
    person.refresh_from_db()
    assert (person.nhs_number, person.phone, person.ethnicity) == ("9434765870", "01603123456", "mixed_other")


def test_the_correction_form_leaves_out_details_the_viewer_may_not_see(client_for):
    page = client_for("hv.hana").get("/families/people/BRO-P1/edit/").content.decode()
    assert "NHS number" not in page and "4010232137" not in page
    person = Person.objects.get(reference="BRO-P1")
    client_for("hv.hana").post("/families/people/BRO-P1/edit/", {
        "version": person.family.version, "first_name": "Beth", "last_name": "Brown",
        "date_of_birth_0": person.date_of_birth.day, "date_of_birth_1": person.date_of_birth.month,
        "date_of_birth_2": person.date_of_birth.year, "nhs_number": "",
    })
    person.refresh_from_db()
    assert person.nhs_number == "4010232137"  # not shown, so not overwritten


def test_details_are_normalised_and_masked_in_the_change_log(user):
    from audit.models import LogEntry

    person = Person.objects.get(reference="EVA-P1")
    person_update(
        person=person, expected_family_version=person.family.version, first_name="Erin", last_name="Evans",
        date_of_birth=person.date_of_birth,
        details=PersonDetailsInput(nhs_number="999-000-0018", phone="07700 900 456"),
    )
    person.refresh_from_db()
    assert (person.nhs_number, person.phone) == ("9990000018", "07700900456")
    change = LogEntry.objects.get_for_object(person).latest("pk").changes_dict
    assert "9990000018" not in str(change) and "07700900456" not in str(change)
    with pytest.raises(ValidationError):
        person_details_record(person=person, details=PersonDetailsInput(nhs_number="9434765919"))


# --- Search -------------------------------------------------------------------------------------


def test_search_fold():
    assert search_fold("Siobhán O’Neil") == search_fold("siobhan o'neil") == "siobhan oneil"
    assert search_fold("Zoë Smith-Jones") == "zoe smith jones"


@pytest.mark.parametrize(
    "search",
    [
        "siobahn oneil", "Siobhan O'Neil", "SIOBHAN O’NEIL", "ONeil", "O'Neil, Siobhan", "siobhán", "nr11qr", "NR1 1QR",
        "one-p1", "ONE",
    ],
)
def test_search_finds_siobhan_oneil(user, search):
    found = [p.reference for p in gate.visible_people(user("hv.hana"), context="t", search=search)]
    assert "ONE-P1" in found


def test_search_by_nhs_number_only_where_the_topic_is_open(user):
    hana, frank = user("hv.hana"), user("fsw.frank")
    assert [p.reference for p in gate.visible_people(hana, context="search", search="450 557 7104")] == ["ONE-P1"]
    assert [p.reference for p in gate.visible_people(hana, context="t", search="4505577104")] == ["ONE-P1"]
    # Frank sees Siobhan's name, but her consent for centre services does not open her NHS number.
    assert gate.visible_people(frank, context="t", search="450 557 7104") == []
    assert [p.reference for p in gate.visible_people(frank, context="t", search="943 476 5919")] == ["ADA-P1"]
    # The match is logged as the reveal of a sensitive detail, with the basic information shown.
    assert set(Disclosure.objects.filter(viewer=hana, context="search").values_list("category", flat=True)) == {
        "basic", "sensitive"
    }


def test_search_still_hides_people_not_shared(user):
    # Brown is not shared with the family support worker: no name, misspelling or NHS number finds her.
    frank = user("fsw.frank")
    for search in ("Beth Brown", "Bteh", "401 023 2137", "NR1 2BD"):
        assert not [p for p in gate.visible_people(frank, context="t", search=search) if p.reference.startswith("BRO")]


def test_search_as_you_type_is_the_same_page(client_for, assert_request_queries):
    client = client_for("hv.hana")
    client.get("/?q=siobahn")
    # As any search of hers (tests/sharing/test_views.py): with her team-meeting actions.
    with assert_request_queries(20):
        page = client.get("/?q=siobahn+oneil").content.decode()
    assert "Siobhán O’Neil" in page and 'data-search-results' in page


# --- Notes: the date of contact -------------------------------------------------------------------


def test_a_note_records_its_date_of_contact(client_for):
    import datetime as dt

    from django.utils import timezone

    from families.models import Note
    from families.validators import CONTACT_DATE_FUTURE

    client = client_for("hv.hana")
    last_week = timezone.localdate() - dt.timedelta(days=7)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    def post(day):
        return client.post("/families/people/ADA-C1/notes/new/", {
            "topic": "other", "text": "Home visit.", "contact_date_0": day.day, "contact_date_1": day.month,
            "contact_date_2": day.year,
        })

    assert CONTACT_DATE_FUTURE in post(tomorrow).content.decode()
    assert post(last_week).status_code == 302
    note = Note.objects.filter(subject__reference="ADA-C1").latest("pk")
    assert note.text == "Home visit."
    assert note.contact_date == last_week
    page = client.get("/families/ADA/").content.decode()
    assert f"contact on {last_week.day} {last_week:%B %Y}" in page


# --- The printed consent record -------------------------------------------------------------------


def test_the_printed_consent_record_says_who_what_and_where(client_for):
    from consent.models import Consent
    from consent.vocabulary import INFORMED_POINTS

    consent = Consent.objects.get(family__reference="ADA")
    page = client_for("hv.hana").get(f"/consent/{consent.pk}/").content.decode()
    for label in INFORMED_POINTS.values():
        assert f"<strong>Explained:</strong> {label}" in page
    assert "Riverside Children&#x27;s Centre" in page and "01603 496000" in page and "riverside@example.org" in page
    assert "health visitor" in page and consent.recorded_by.get_full_name() in page
    assert "Signed by the parent or carer" in page and "Signed by the practitioner" in page
