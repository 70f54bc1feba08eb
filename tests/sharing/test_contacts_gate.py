"""Gate rows for Healthy Child Programme contacts (issue 13): fetched only where the sensitive
decision opens the antenatal and postnatal topic (¶17 attendance); the breastfeeding finding only
where the breastfeeding topic is open too; what you recorded yourself stays yours."""
from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from consent.models import CapacityAssessment, Purpose
from demo.builders import consent_from_mother
from families.models import Family, Person
from families.services import review_contact_record
from families.vocabulary import ContactOutcome, ContactPlace, Review, SensitiveTopic
from sharing import gate
from sharing.models import Basis, Disclosure


def child_view(username, user, family, child):
    _family, view, _facts = gate.family_page(user(username), family, context="page:family")
    return next(p for p in view.people if p.reference == child)


def breastfeeding_labels(view) -> set:
    return {c.breastfeeding_label for c in view.contacts or ()}


# (case, user, family, child, contacts shown, breastfeeding shown)
ROWS = [
    ("¶17 consent to every topic, healthcare: the health visitor sees them", "hv.hana", "JON", "JON-C1", True, True),
    ("consent covers centre services and the in-centre team", "fsw.frank", "JON", "JON-C1", True, True),
    ("Hillview's own family, its health visitor", "hv.hugo", "LEW", "LEW-C1", True, True),
    ("Adams: every review done, every topic", "sw.sara", "ADA", "ADA-C1", True, True),
    ("¶15 duty of care is basic only: no contact (Brown, no consent)", "hv.hana", "BRO", "BRO-C1", False, False),
    ("consent to basic information only (Evans)", "fsw.frank", "EVA", "EVA-C1", False, False),
    ("an agency named for basic information only", "ext.ella", "EVA", "EVA-C1", False, False),
    ("consent for healthcare only: centre services sees nothing (Khan)", "fsw.frank", "KHA", "KHA-C1", False, False),
]


@pytest.mark.parametrize("case, username, family, child, shown, breastfeeding", ROWS, ids=[r[0] for r in ROWS])
def test_contacts_follow_the_decision(demo, user, case, username, family, child, shown, breastfeeding):
    try:
        view = child_view(username, user, family, child)
    except Http404:  # out of reach: nothing to see
        assert not shown
        return
    assert (view.contacts is not None) == shown
    assert (view.schedule is not None) == shown
    if shown and breastfeeding:
        assert None not in breastfeeding_labels(view)


def test_breastfeeding_finding_needs_its_own_topic(demo, user):
    # The newest consent covers attendance but not breastfeeding: the contacts show, the finding does not.
    consent_from_mother(
        Family.objects.get(reference="JON"), recorded_by=user("hv.hana"),
        topics=[SensitiveTopic.ANTENATAL_POSTNATAL], purposes=[Purpose.HEALTHCARE, Purpose.CENTRE_SERVICES],
        given_on=timezone.localdate(), capacity_assessment=CapacityAssessment.objects.get(person__reference="JON-P1"),
    )
    view = child_view("hv.hana", user, "JON", "JON-C1")
    new_birth = next(c for c in view.contacts if c.review == Review.NEW_BIRTH)
    assert new_birth.breastfeeding_label is None  # absent, not blank
    assert view.schedule is not None


def test_a_topic_without_attendance_opens_no_contact(demo, user):
    consent_from_mother(
        Family.objects.get(reference="JON"), recorded_by=user("hv.hana"),
        topics=[SensitiveTopic.BREASTFEEDING], purposes=[Purpose.HEALTHCARE, Purpose.CENTRE_SERVICES],
        given_on=timezone.localdate(), capacity_assessment=CapacityAssessment.objects.get(person__reference="JON-P1"),
    )
    view = child_view("hv.hana", user, "JON", "JON-C1")
    assert view.notes is not None and view.contacts is None and view.schedule is None


def test_what_you_recorded_stays_yours_and_is_logged_so(demo, user):
    mary = user("mw.mary")
    review_contact_record(
        subject=Person.objects.get(reference="BRO-C1"), recorded_by=mary, review=Review.TWO_YEARS,
        contact_date=timezone.localdate(), place=ContactPlace.CENTRE, outcome=ContactOutcome.COMPLETED,
        note="Speech on track.",
    )
    mine = child_view("mw.mary", user, "BRO", "BRO-C1")
    assert mine.contacts is None and [c.note for c in mine.own_contacts] == ["Speech on track."]
    assert Disclosure.objects.filter(
        viewer=mary, subject__reference="BRO-C1", basis=Basis.RECORDED_BY_VIEWER
    ).exists()
    hers = child_view("hv.hana", user, "BRO", "BRO-C1")
    assert hers.contacts is None and hers.own_contacts == ()


def test_contacts_that_are_not_opened_never_leave_the_database(demo, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        child_view("hv.hana", user, "BRO", "BRO-C1")
    assert not any(q["sql"].startswith('SELECT "families_reviewcontact"') for q in queries)
    with CaptureQueriesContext(connection) as queries:
        child_view("hv.hana", user, "JON", "JON-C1")
    assert sum(q["sql"].startswith('SELECT "families_reviewcontact"') for q in queries) == 1
