"""Healthy Child Programme contacts (issue 13): the service, the page, the family page."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.append_only import AppendOnlyError
from families import services
from families.models import Person, ReviewContact
from families.vocabulary import Breastfeeding, ContactOutcome, ContactPlace, Review

TODAY = timezone.localdate()


def record(person, user, **kwargs):
    fields = dict(
        review=Review.SIX_TO_EIGHT_WEEKS, contact_date=TODAY, place=ContactPlace.CLINIC,
        outcome=ContactOutcome.COMPLETED, breastfeeding=Breastfeeding.PARTIALLY,
    )
    fields.update(kwargs)
    return services.review_contact_record(subject=person, recorded_by=user, **fields)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- The service --------------------------------------------------------------------------------


def test_contact_is_recorded_and_is_history(demo, user):
    jack = Person.objects.get(reference="JON-C1")
    contact = record(jack, user("hv.hana"), present="Jade and Jack", note="Weight fine.")
    assert contact.breastfeeding == Breastfeeding.PARTIALLY and contact.note == "Weight fine."
    contact.note = "changed"
    with pytest.raises(AppendOnlyError):
        contact.save()


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"contact_date": TODAY + dt.timedelta(days=1)}, "contact_date", services.CONTACT_IN_FUTURE),
        ({"contact_date": TODAY - dt.timedelta(days=400)}, "contact_date", services.CONTACT_BEFORE_BIRTH),
        ({"review": Review.ANTENATAL, "breastfeeding": ""}, "contact_date", services.CONTACT_ANTENATAL_AFTER_BIRTH),
        ({"breastfeeding": ""}, "breastfeeding", services.BREASTFEEDING_REQUIRED),
        ({"review": Review.ONE_YEAR}, "breastfeeding", services.BREASTFEEDING_NOT_HERE),
    ],
)
def test_contact_is_refused_with_a_message_that_says_how_to_fix_it(demo, user, kwargs, field, message):
    with pytest.raises(ValidationError) as excinfo:
        record(Person.objects.get(reference="JON-C1"), user("hv.hana"), **kwargs)
    assert errors_of(excinfo)[field] == [message]


def test_breastfeeding_not_asked_when_the_review_did_not_happen(demo, user):
    contact = record(
        Person.objects.get(reference="JON-C1"), user("hv.hana"), outcome=ContactOutcome.NOT_ATTENDED,
        breastfeeding=Breastfeeding.TOTALLY,
    )
    assert contact.breastfeeding == ""


def test_contacts_are_for_children_and_expected_babies_only(demo, user):
    with pytest.raises(ValidationError):
        record(Person.objects.get(reference="JON-P1"), user("hv.hana"))


# --- The pages ----------------------------------------------------------------------------------


def _form(review="6_8_weeks", outcome="completed", breastfeeding="not", day=TODAY) -> dict:
    return {
        "review": review, "contact_date_0": day.day, "contact_date_1": day.month, "contact_date_2": day.year,
        "place": "home", "present": "Jade and Jack", "outcome": outcome, "breastfeeding": breastfeeding,
        "note": "Bottle feeding going well.",
    }


def test_health_visitor_records_a_contact_and_the_family_page_shows_it(client_for):
    client = client_for("hv.hana")
    page = client.get("/families/JON/").content.decode()
    assert 'data-testid="schedule-JON-C1"' in page and "Overdue" in page
    assert "Record a contact" in page
    response = client.post("/families/people/JON-C1/contacts/new/", _form(), follow=True)
    page = response.content.decode()
    assert "6 to 8 week review recorded for Jack Jones." in page
    assert "Not breastfed" in page and "Bottle feeding going well." in page
    schedule = page.split('data-testid="schedule-JON-C1"')[1].split("</table>")[0]
    assert "Overdue" not in schedule and "Done" in schedule


def test_empty_post_changes_nothing_and_shows_errors(client_for):
    before = ReviewContact.objects.count()
    page = client_for("hv.hana").post("/families/people/JON-C1/contacts/new/", {}).content.decode()
    assert "Select which review this contact was" in page and "Enter the date of the contact" in page
    assert ReviewContact.objects.count() == before


def test_service_errors_land_on_their_field(client_for):
    page = client_for("hv.hana").post(
        "/families/people/JON-C1/contacts/new/", _form(breastfeeding="")
    ).content.decode()
    assert services.BREASTFEEDING_REQUIRED in page


@pytest.mark.parametrize("username, status", [("mw.mary", 200), ("fsw.frank", 403), ("mgr.maya", 403),
                                              ("hv.hugo", 404)])
def test_only_the_centres_health_professionals_record_contacts(client_for, username, status):
    assert client_for(username).get("/families/people/JON-C1/contacts/new/").status_code == status


def test_record_contact_page_query_count(client_for, assert_request_queries):
    # session, user with membership, device, person by reach, the person with facts, consents,
    # carer links, purposes, the disclosure chain, the disclosure insert.
    client = client_for("hv.hana")
    client.get("/families/people/JON-C1/contacts/new/")
    with assert_request_queries(10):
        assert client.get("/families/people/JON-C1/contacts/new/").status_code == 200


# --- The named health visitor (issue 13) ----------------------------------------------------------


def test_manager_changes_the_named_health_visitor(client_for, user):
    from families.models import Family

    client = client_for("mgr.maya")
    page = client.get("/families/ADA/health-visitor/").content.decode()
    assert "Hana Hussain (hv.hana)" in page and "Hugo" not in page  # her centre's health visitors only
    assert "Select the family" in client.post("/families/ADA/health-visitor/", {}).content.decode()
    assert Family.objects.get(reference="ADA").named_health_visitor == user("hv.hana")
    response = client.post("/families/ADA/health-visitor/", {"health_visitor": "none"})
    assert response.status_code == 302 and Family.objects.get(reference="ADA").named_health_visitor is None
    assert client_for("hv.hana").get("/families/ADA/health-visitor/").status_code == 403


def test_registering_health_visitor_becomes_the_named_one(client_for, user):
    from families.models import Family
    from tests.families.test_views import registration_data

    assert client_for("hv.hana").post("/families/register/", registration_data(postcode="NR1 1AZ")).status_code == 302
    assert Family.objects.order_by("-id").first().named_health_visitor == user("hv.hana")
    # (A midwife who registers holds no caseload: Capability.HOLD_CASELOAD is the health visitor's.)
