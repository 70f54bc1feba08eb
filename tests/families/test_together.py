"""Working together around a child (issue 15): pages, the gate's reveals, and their cost."""
from __future__ import annotations

import datetime as dt
import html

import pytest
from django.utils import timezone

from families.models import Person
from families.together.models import Assessment, Involvement, Meeting, MeetingAction, MeetingActionDone
from sharing.models import Disclosure
from sharing.policy import ASSESSMENT_CONSENT_NEEDED

SOCIAL_WORKER = "Sam Shaw"


def test_adams_page_shows_who_is_involved_the_assessment_the_meeting_and_the_lead(client_for):
    page = client_for("fsw.frank").get("/families/ADA/together/").content.decode()
    assert "Frank Fletcher" in page and "Lead professional now" in page
    assert "Priya Patel" in page and "Speech and language therapy" in page
    assert "Archie is developing well overall" in page
    assert "Support Archie&#x27;s speech at home" in page
    assert "Write to the landlord about the damp" in page


def test_a_sensitive_involvement_is_outlined_for_someone_who_sees_only_basic_information(client_for):
    page = client_for("fsw.frank").get("/families/EVA/together/").content.decode()
    assert SOCIAL_WORKER not in page and "Children&#x27;s social care" not in page
    assert "Another service is involved" in page
    # The assessment topic is not consented: casework is absent, with the reason.
    assert "Sensitive information not shared with you" in page


def test_the_details_of_an_outlined_involvement_never_leave_the_database(client_for, monkeypatch):
    """Only permitted rows are read (like notes): the social-care involvement of EVA-C1 is not among the
    rows fetched for frank, while the subject id alone tells the page another service is involved."""
    from sharing import together

    fetched = []
    real = together.selectors.involvements

    def spy(condition):
        rows = list(real(condition))
        fetched.extend(rows)
        return rows

    monkeypatch.setattr(together.selectors, "involvements", spy)
    page = client_for("fsw.frank").get("/families/EVA/together/").content.decode()
    assert "Another service is involved" in page
    assert not any(row.subject.reference == "EVA-C1" for row in fetched)
    fetched.clear()
    client_for("sw.sara").get("/families/ADA/together/")
    assert any(row.name == "Priya Patel" for row in fetched)  # the spy sees what is permitted


def test_the_external_agency_named_for_evans_sees_evans_basic_but_not_the_social_care_involvement(client_for):
    page = client_for("ext.ella").get("/families/EVA/together/").content.decode()
    assert SOCIAL_WORKER not in page
    assert "Another service is involved" in page


def test_a_reveal_on_the_page_is_recorded(client_for):
    before = Disclosure.objects.filter(context="page:together").count()
    client_for("sw.sara").get("/families/ADA/together/")
    rows = Disclosure.objects.filter(context="page:together")
    assert rows.count() == before + 4  # two people × basic and sensitive
    assert set(rows.values_list("category", flat=True)) == {"basic", "sensitive"}


def test_a_family_support_worker_is_told_consent_to_the_assessment_is_needed(client_for):
    client = client_for("fsw.frank")
    page = client.get("/families/people/EVA-C1/assessments/new/").content.decode()
    assert "consent to the assessment (CAF)" in page
    assert "Save assessment" not in page
    response = client.post("/families/people/EVA-C1/assessments/new/", {"summary": "Tried anyway"})
    assert response.status_code == 200
    assert not Assessment.objects.filter(subject__reference="EVA-C1").exists()
    assert ASSESSMENT_CONSENT_NEEDED.split(".")[0] in html.unescape(page)


def test_with_consent_to_the_assessment_an_assessment_is_started_and_shown(client_for):
    client = client_for("fsw.frank")
    response = client.post("/families/people/ADA-C1/assessments/new/", {"summary": "A second look."})
    assert response.status_code == 302
    assessment = Assessment.objects.filter(subject__reference="ADA-C1").order_by("-id").first()
    assert assessment.summary == "A second look."
    assert assessment.consent_id is not None
    assert "A second look." in client.get("/families/ADA/together/").content.decode()


def test_an_external_agency_cannot_record_casework(client_for):
    assert client_for("ext.ella").get("/families/people/EVA-C1/assessments/new/").status_code == 403
    assert client_for("ext.ella").get("/families/EVA/together/meetings/new/").status_code == 403


def test_a_team_meeting_with_an_action_reaches_the_owner_start_page(client_for, user):
    today = timezone.localdate()
    due = today + dt.timedelta(days=5)
    data = {
        "subject": "ADA-C1", "held_on_0": today.day, "held_on_1": today.month, "held_on_2": today.year,
        "practitioners": [str(user("fsw.frank").pk)], "family_present": ["ADA-P1"], "agreed": "Keep going.",
        "action1_what": "Phone the nursery", "action1_owner": str(user("mw.mary").pk),
        "action1_due_0": due.day, "action1_due_1": due.month, "action1_due_2": due.year,
    }
    response = client_for("fsw.frank").post("/families/ADA/together/meetings/new/", data)
    assert response.status_code == 302, response.content.decode()
    assert Meeting.objects.order_by("-id").first().agreed == "Keep going."
    start = client_for("mw.mary").get("/").content.decode()
    assert "Phone the nursery" in start


def test_a_team_meeting_needs_consent_to_the_assessment(client_for):
    today = timezone.localdate()
    data = {"subject": "EVA-C1", "held_on_0": today.day, "held_on_1": today.month, "held_on_2": today.year,
            "agreed": "Nothing."}
    response = client_for("fsw.frank").post("/families/EVA/together/meetings/new/", data)
    assert response.status_code == 200
    assert "consent to the assessment (CAF)" in response.content.decode()
    assert Meeting.objects.filter(subject__reference="EVA-C1").count() == 0


def test_overdue_actions_are_flagged_to_the_lead_professional_and_owners_see_theirs(client_for):
    frank = client_for("fsw.frank").get("/").content.decode()
    assert "You are the lead professional for" in frank
    assert "Overdue: an action owned by Sara Singh" in frank
    sara = client_for("sw.sara").get("/").content.decode()
    assert "Write to the landlord about the damp" in sara
    assert "Overdue: an action" not in sara


def test_an_owner_marks_their_action_done_and_no_one_else_can(client_for, user):
    action = MeetingAction.objects.get(owner__username="sw.sara")
    assert client_for("fsw.frank").post("/families/actions/done/", {"action": action.pk}).status_code == 404
    assert client_for("sw.sara").post("/families/actions/done/", {"action": action.pk}).status_code == 302
    assert MeetingActionDone.objects.filter(action=action).exists()
    assert "Write to the landlord about the damp" not in client_for("sw.sara").get("/").content.decode()


def test_the_lead_professional_is_changed_with_who_and_when(client_for, user):
    response = client_for("mgr.maya").post("/families/ADA/together/lead-professional/",
                                          {"practitioner": str(user("sw.sara").pk)})
    assert response.status_code == 302
    page = client_for("hv.hana").get("/families/ADA/").content.decode()
    assert "Sara Singh" in page
    together = client_for("hv.hana").get("/families/ADA/together/").content.decode()
    assert "Set by Maya Mills" in together and "Earlier lead professionals" in together


def test_an_involvement_is_added_and_ended_and_stays_on_record(client_for):
    today = timezone.localdate()
    client = client_for("hv.hana")
    data = {"name": "Dr Jo Brown", "role": "GP", "organisation": "Riverside surgery",
            "since_0": today.day, "since_1": today.month, "since_2": today.year}
    assert client.post("/families/people/ADA-C1/involvements/new/", data).status_code == 302
    involvement = Involvement.objects.get(name="Dr Jo Brown")
    assert client.post("/families/ADA/together/involvements/end/", {"involvement": involvement.pk}).status_code == 302
    assert involvement.end.recorded_by.username == "hv.hana"
    assert "Dr Jo Brown" not in client.get("/families/ADA/together/").content.decode()


def test_an_outlined_involvement_cannot_be_ended_by_someone_who_may_not_see_it(client_for):
    involvement = Involvement.objects.get(subject__reference="EVA-C1")
    response = client_for("fsw.frank").post("/families/EVA/together/involvements/end/", {"involvement": involvement.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("username, reference, queries", [("fsw.frank", "ADA", 18), ("fsw.frank", "EVA", 13)])
def test_together_page_query_count_is_exact(client_for, assert_request_queries, username, reference, queries):
    client = client_for(username)
    client.get(f"/families/{reference}/together/")
    with assert_request_queries(queries):
        assert client.get(f"/families/{reference}/together/").status_code == 200


@pytest.mark.parametrize("username, queries", [("fsw.frank", 20), ("mw.mary", 12)])
def test_start_page_query_count_with_working_together(client_for, assert_request_queries, username, queries):
    client = client_for(username)
    client.get("/")
    with assert_request_queries(queries):
        assert client.get("/").status_code == 200


def test_person_is_imported():
    assert Person


def test_an_agency_sees_the_assessment_only_under_a_consent_naming_it_and_the_topic(demo, user, client_for):
    """Issue 15: sharing the CAF with an agency needs a consent naming that agency (consent box after ¶17)."""
    from centres.models import PartnerAgency
    from demo.builders import consent_from_mother
    from families.models import Family
    from sharing.together import assessment_start

    evans = Family.objects.get(reference="EVA")
    housing = PartnerAgency.objects.get(name="City Housing Support")
    consent_from_mother(evans, recorded_by=user("hv.hana"), topics=["assessment"], purposes=["centre-services"])
    assessment_start(user("fsw.frank"), Person.objects.get(reference="EVA-C1"), summary="Housing is the worry.")
    ella = client_for("ext.ella")
    assert "Housing is the worry." not in ella.get("/families/EVA/together/").content.decode()  # in-centre only
    consent_from_mother(evans, recorded_by=user("hv.hana"), topics=["assessment"], purposes=["centre-services"],
                        agencies=[housing])
    page = ella.get("/families/EVA/together/").content.decode()
    assert "Housing is the worry." in page
    assert SOCIAL_WORKER not in page  # the safeguarding topic is still not hers
