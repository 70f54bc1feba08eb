"""Consent pages through the test client: record, print, withdraw, new versions, the history."""

from __future__ import annotations

from django.utils import timezone

from consent.forms import ALSO_OBJECTS_REQUIRED
from consent.models import Consent, Objection, ObjectionWithdrawal, Purpose
from consent.views import OBJECTION_WITHDRAWN
from families.models import Family, Person

TODAY = timezone.localdate()


def test_record_consent_print_and_withdraw(client_for):
    client = client_for("hv.hana")
    family = Family.objects.get(reference="BRO")
    people = {p.reference: p.pk for p in family.people.all()}
    purposes = [str(p.pk) for p in Purpose.objects.filter(slug__in=["healthcare", "centre-services"])]
    data = {
        "given_by": people["BRO-P1"],
        "subjects": [people["BRO-P1"], people["BRO-C1"]],
        "kind": "explicit",
        "decision": "given",
        "covers_basic": "on",
        "sensitive_topics": ["breastfeeding", "emotional_health"],
        "in_centre_team": "on",
        "purposes": purposes,
        "method": "written",
        "given_on_0": TODAY.day,
        "given_on_1": TODAY.month,
        "given_on_2": TODAY.year,
        "informed": ["explained_why", "explained_what"],
    }
    response = client.post("/consent/family/BRO/new/", data)
    assert (
        "Explicit consent can only be recorded as given when every point has been explained"
        in response.content.decode()
    )
    data["informed"] = [
        "explained_why",
        "explained_what",
        "explained_who",
        "explained_purpose",
        "explained_implications",
        "explained_subject_access",
    ]
    response = client.post("/consent/family/BRO/new/", data)
    consent = Consent.objects.get(family=family)
    assert response.status_code == 302 and response["Location"] == f"/consent/{consent.pk}/"
    record = client.get(f"/consent/{consent.pk}/").content.decode()
    assert (
        "Your consent to share information" in record
        and "Breastfeeding" in record
        and "subject access request" in record
    )
    withdrawal = {"withdrawn_on_0": TODAY.day, "withdrawn_on_1": TODAY.month, "withdrawn_on_2": TODAY.year}
    response = client.post(f"/consent/{consent.pk}/withdraw/", withdrawal)
    # The form asks, as its own question, whether the family also objects (POLICY.md).
    assert response.status_code == 200 and ALSO_OBJECTS_REQUIRED in response.content.decode()
    response = client.post(f"/consent/{consent.pk}/withdraw/", {**withdrawal, "also_objects": "no"})
    assert response.status_code == 302
    page = client.get("/families/BRO/").content.decode()
    assert "Withdrawn on" in page
    # A withdrawal is not an objection: the health visitor still sees Billy (under 4) for healthcare.
    assert "Billy" in page and not Objection.objects.filter(family__reference="BRO").exists()


def test_record_a_new_version_of_consent(client_for):
    client = client_for("hv.hana")
    old = Consent.objects.get(family__reference="EVA")
    form = client.get(f"/consent/family/EVA/new/?replaces={old.pk}").content.decode()
    import re

    assert "Record a new version of consent" in form
    checked = set(re.findall(r'name="(\w+)"[^>]*?value="([^"]+)"\s*checked', form, re.S))
    assert ("agencies", str(old.agencies.get().pk)) in checked  # carried over from the old version
    assert not any(name == "informed" for name, _ in checked)  # explained afresh every time
    data = {
        "given_by": old.given_by_id, "subjects": [p.pk for p in old.subjects.all()], "kind": "explicit",
        "decision": "given", "covers_basic": "on", "sensitive_topics": ["breastfeeding"], "in_centre_team": "on",
        "agencies": [a.pk for a in old.agencies.all()], "purposes": [p.pk for p in old.purposes.all()],
        "method": "verbal", "given_on_0": TODAY.day, "given_on_1": TODAY.month, "given_on_2": TODAY.year,
        "informed": ["explained_why", "explained_what", "explained_who", "explained_purpose",
                     "explained_implications", "explained_subject_access"],
    }
    assert client.post(f"/consent/family/EVA/new/?replaces={old.pk}", data).status_code == 302
    new = Consent.objects.get(supersedes=old)
    assert new.sensitive_topics == ["breastfeeding"]
    page = client.get("/families/EVA/").content.decode()
    assert "Replaced by a newer version" in page
    again = client.post(f"/consent/family/EVA/new/?replaces={old.pk}", data).content.decode()
    assert "already been replaced" in again


def test_consent_history_says_when_a_later_refusal_overrides_a_consent(client_for, user):
    from consent.services import consent_record

    family = Family.objects.get(reference="ADA")
    mother = family.people.get(reference="ADA-P1")
    consent_record(
        family=family, given_by=mother, subjects=list(family.people.all()), decision="refused",
        recorded_by=user("hv.hana"), covers_basic=True, in_centre_team=True,
        purposes=Purpose.objects.filter(slug="centre-services"),
    )
    page = client_for("hv.hana").get("/families/ADA/").content.decode()
    assert "a later decision of" in page and "overrides it where they overlap" in page
    frank_page = client_for("fsw.frank").get("/families/ADA/").content.decode()
    # Frank is told what is missing and who can put it right, never that the family refused (issue 9).
    assert "Archie" not in frank_page and "refused" not in frank_page
    assert "ask a health visitor or the centre manager" in frank_page


def test_consent_pages_query_counts_are_exact(client_for, assert_request_queries):
    client = client_for("hv.hana")
    client.get("/consent/family/ADA/new/")
    # Issue 13: + the other personal details the Adams consent opens to hv.hana; + the Healthy Child
    # Programme contacts (17 on integration before corrections to notes: the count had not followed);
    # + the amendments of the notes the page opens (one prefetch).
    with assert_request_queries(18):
        assert client.get("/consent/family/ADA/new/").status_code == 200
    consent = Consent.objects.filter(family__reference="ADA").first()
    client.get(f"/consent/{consent.pk}/")
    # 18 on integration before corrections to notes (the count had not followed); + the amendments.
    with assert_request_queries(19):
        assert client.get(f"/consent/{consent.pk}/").status_code == 200


def test_the_family_page_lists_objections_and_the_family_can_lift_one(client_for):
    """Issue 9 item 5: "Objection made on … by …", a link to record its withdrawal, then both."""
    client = client_for("hv.hana")
    page = client.get("/families/CLA/").content.decode()
    objection = Objection.objects.get(family__reference="CLA")
    # While the objection stands Hana may not see the names: references only.
    assert "Objection made on" in page and "by CLA-P1, for CLA-C1, CLA-P1" in page and "Objection in force" in page
    link = f"/consent/objection/{objection.pk}/withdraw/"
    assert "Record that the family withdrew this objection" in page and link in page
    assert "Charlie Clark" not in page

    form = client.get(link).content.decode()
    assert "Who in the family withdrew the objection?" in form
    mother = Person.objects.get(reference="CLA-P1")
    errors = client.post(link, {"withdrawn_by": mother.pk}).content.decode()
    assert "Select how the family told you" in errors
    today = timezone.localdate()
    data = {"withdrawn_by": mother.pk, "withdrawn_on_0": today.day, "withdrawn_on_1": today.month,
            "withdrawn_on_2": today.year, "method": "phone"}
    response = client.post(link, data, follow=True)
    page = response.content.decode()
    assert OBJECTION_WITHDRAWN in page
    assert "Objection withdrawn" in page and "by Chloe Clark (by phone), recorded by Hana Hussain" in page
    assert "Charlie Clark" in page  # the duty of care applies again, names and all
    assert link not in page
    assert "already withdrawn" in client.get(link).content.decode()
    assert ObjectionWithdrawal.objects.filter(objection=objection).count() == 1


def test_objection_withdrawal_is_for_health_visitors_and_midwives_of_the_centre(client_for):
    objection = Objection.objects.get(family__reference="CLA")
    link = f"/consent/objection/{objection.pk}/withdraw/"
    for username in ("fsw.frank", "mgr.maya", "hv.hugo", "cg.cara"):
        assert client_for(username).get(link).status_code == 404, username
    assert "Objection made on" in client_for("mgr.maya").get("/families/CLA/").content.decode()
    assert "Objection made on" not in client_for("fsw.frank").get("/families/CLA/").content.decode()
