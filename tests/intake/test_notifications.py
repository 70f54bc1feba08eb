"""Early notification (leaflet, maternity section, steps 1–5; POLICY.md "Early notification")."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import LogEntry
from centres.models import Centre
from consent.models import Consent
from consent.services import add_months
from consent.vocabulary import INFORMED_POINTS, ConsentDecision
from families.models import Family, Person
from intake import services
from intake.models import PERSONAL_FIELDS, EarlyNotification, NotificationDecision
from intake.vocabulary import DeclineReason, NotificationState, SignedBy
from sharing.models import NotificationDisclosure

pytestmark = pytest.mark.django_db

EVERY_POINT = dict.fromkeys(INFORMED_POINTS, True)


@pytest.fixture
def riverside(demo):
    return Centre.objects.get(slug="riverside-childrens-centre")


def _send(user, centre, *, first="Petra", last="Price", born=dt.date(1996, 5, 4), informed=None, **kwargs):
    today = timezone.localdate()
    defaults = dict(
        due_date=add_months(today, 3), address_line_1="1 Prince of Wales Road", town="Norwich",
        postcode="nr1 1pp", consent_given=True, consent_given_on=today, signed_by=SignedBy.PARENT,
        informed=EVERY_POINT if informed is None else informed,
    )
    defaults.update(kwargs)
    return services.notification_send(
        sent_by=user, centre=centre, parent=services.ExpectantParent(first, last, born), **defaults
    )


def test_demo_world_names_each_centres_contact_and_has_two_waiting(demo):
    contacts = dict(Centre.objects.values_list("slug", "notification_contact__username"))
    assert contacts == {"riverside-childrens-centre": "mgr.maya", "hillview-childrens-centre": "mgr.milo"}
    waiting = EarlyNotification.objects.filter(state=NotificationState.PENDING)
    assert sorted((n.parent_last_name, n.is_informed) for n in waiting) == [("Nash", True), ("Owen", False)]


def test_sending_without_consent_is_refused(user, riverside):
    with pytest.raises(ValidationError) as error:
        _send(user("mw.mary"), riverside, consent_given=False)
    assert services.NOTIFICATION_NO_CONSENT in str(error.value)
    assert not EarlyNotification.objects.filter(parent_last_name="Price").exists()


def test_sending_checks_dates_and_postcode(user, riverside):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        _send(user("mw.mary"), riverside, due_date=today - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        _send(user("mw.mary"), riverside, postcode="not a postcode")
    with pytest.raises(ValidationError):
        _send(user("mw.mary"), riverside, consent_given_on=today + dt.timedelta(days=1))
    notification = _send(user("mw.mary"), riverside)
    assert notification.postcode == "NR1 1PP"


def test_accepting_registers_the_family_and_its_consent(user, riverside):
    maya = user("mgr.maya")
    notification = _send(user("mw.mary"), riverside)
    decision = services.notification_accept(notification=notification, decided_by=maya)
    assert decision.outcome == NotificationState.ACCEPTED and not decision.matched_existing
    family = decision.family
    assert family.centre == riverside and family.postcode == "NR1 1PP"
    mother, baby = family.people.order_by("kind")  # adult, child
    assert (mother.first_name, mother.last_name) == ("Petra", "Price")
    assert baby.is_expected and baby.due_date == notification.due_date
    consent = Consent.objects.get(family=family)
    assert consent.decision == ConsentDecision.GIVEN and consent.is_informed and consent.given_by == mother
    assert set(consent.subjects.all()) == {mother, baby}
    assert consent.covers_basic and consent.in_centre_team and not consent.sensitive_topics
    assert [p.slug for p in consent.purposes.all()] == ["centre-services"]
    assert consent.recorded_by == maya  # the named contact who accepted
    notification.refresh_from_db()
    assert notification.state == NotificationState.ACCEPTED and notification.family == family
    # The family's record is now the one copy, behind the gate: the notification keeps none of it.
    for name in PERSONAL_FIELDS:
        assert getattr(notification, name) in ("", None), name
    assert NotificationDecision.objects.get(notification=notification).decided_by == maya


def test_accepting_matches_a_family_already_registered(user, riverside):
    """A family that already exists is matched, not duplicated: the expected baby joins it."""
    alice = Person.objects.get(reference="ADA-P1")
    families_before = Family.objects.count()
    notification = _send(user("mw.mary"), riverside, first="alice", last="ADAMS", born=alice.date_of_birth)
    decision = services.notification_accept(notification=notification, decided_by=user("mgr.maya"))
    assert decision.matched_existing and decision.family.reference == "ADA"
    assert Family.objects.count() == families_before
    baby = Person.objects.get(reference="ADA-C2")
    assert baby.is_expected and baby.carer_links.get().carer == alice


def test_accepting_without_informed_consent_is_refused_and_keeps_nothing(user, riverside):
    """Step 5: without informed consent the details are not accepted into the centre's records."""
    families_before = Family.objects.count()
    notification = _send(user("mw.mary"), riverside, informed={**EVERY_POINT, "explained_who": False})
    decision = services.notification_accept(notification=notification, decided_by=user("mgr.maya"))
    assert decision.outcome == NotificationState.REFUSED and decision.family is None
    assert Family.objects.count() == families_before
    notification.refresh_from_db()
    assert notification.state == NotificationState.REFUSED
    assert (notification.parent_last_name, notification.postcode, notification.parent_date_of_birth) == ("", "", None)
    # The change log saw the erasure, and keeps none of the values either (audit.masking).
    changes = LogEntry.objects.filter(object_repr=str(notification)).values_list("changes", flat=True)
    assert changes and "Price" not in str(list(changes))


def test_declining_says_why_and_erases_the_family(user, riverside):
    notification = _send(user("mw.mary"), riverside)
    with pytest.raises(ValidationError):
        services.notification_decline(notification=notification, decided_by=user("mgr.maya"), reason="")
    decision = services.notification_decline(
        notification=notification, decided_by=user("mgr.maya"), reason=DeclineReason.OUTSIDE_REACH
    )
    notification.refresh_from_db()
    assert decision.reason == DeclineReason.OUTSIDE_REACH
    assert notification.state == NotificationState.DECLINED and notification.parent_first_name == ""
    with pytest.raises(ValidationError) as error:
        services.notification_accept(notification=notification, decided_by=user("mgr.maya"))
    assert services.NOTIFICATION_ALREADY_DECIDED in str(error.value)


def test_a_notification_is_decided_once(user, riverside):
    notification = _send(user("mw.mary"), riverside)
    services.notification_accept(notification=notification, decided_by=user("mgr.maya"))
    with pytest.raises(ValidationError):
        services.notification_accept(notification=notification, decided_by=user("mgr.maya"))
    assert Family.objects.filter(people__last_name="Price").distinct().count() == 1


# --- Pages: who sees a notification, and the decision ------------------------------------------------


def _nash():
    return EarlyNotification.objects.get(parent_last_name="Nash")


@pytest.mark.parametrize("username, status", [
    ("mw.mary", 200), ("mgr.maya", 200),  # its sender and Riverside's named contact
    ("hv.hana", 404), ("fsw.frank", 404), ("mgr.milo", 404), ("cg.cara", 404), ("ext.ella", 404), ("admin", 404),
])
def test_only_the_sender_and_the_named_contact_see_a_notification(client_for, username, status):
    notification = _nash()
    response = client_for(username).get(f"/intake/notifications/{notification.pk}/")
    assert response.status_code == status
    assert ("Nash" in response.content.decode()) is (status == 200)
    recorded = NotificationDisclosure.objects.filter(notification=notification, viewer__username=username)
    assert recorded.exists() is (status == 200)


def test_the_list_shows_each_user_only_theirs_and_records_it(client_for):
    maya = client_for("mgr.maya").get("/intake/notifications/").content.decode()
    assert "Nash" in maya and "Owen" in maya
    hana = client_for("hv.hana").get("/intake/notifications/").content.decode()
    assert "Nash" not in hana
    milo = client_for("mgr.milo").get("/intake/notifications/").content.decode()
    assert "Nash" not in milo
    assert NotificationDisclosure.objects.filter(viewer__username="mgr.maya", context="page:notifications").count() == 2
    assert not NotificationDisclosure.objects.filter(viewer__username__in=["hv.hana", "mgr.milo"]).exists()


def test_the_sender_may_not_decide(client_for):
    notification = _nash()
    response = client_for("mw.mary").post(f"/intake/notifications/{notification.pk}/", {"decision": "accept"})
    assert response.status_code == 403
    assert _nash().state == NotificationState.PENDING


def test_an_empty_decision_changes_nothing(client_for):
    notification = _nash()
    response = client_for("mgr.maya").post(f"/intake/notifications/{notification.pk}/", {})
    assert response.status_code == 200 and "Select accept or decline" in response.content.decode()
    assert _nash().state == NotificationState.PENDING


def test_accept_in_the_browser_goes_to_the_new_family(client_for):
    notification = _nash()
    response = client_for("mgr.maya").post(f"/intake/notifications/{notification.pk}/", {"decision": "accept"})
    family = EarlyNotification.objects.get(pk=notification.pk).family
    assert response.status_code == 302 and response.url == f"/families/{family.reference}/"


def test_sending_in_the_browser(client_for, riverside):
    today = timezone.localdate()
    due = add_months(today, 5)
    data = {
        "centre": str(riverside.pk), "parent_first_name": "Rosa", "parent_last_name": "Reed",
        "parent_date_of_birth_0": "4", "parent_date_of_birth_1": "5", "parent_date_of_birth_2": "1994",
        "due_date_0": str(due.day), "due_date_1": str(due.month), "due_date_2": str(due.year),
        "address_line_1": "2 King Street", "town": "Norwich", "postcode": "NR1 1RR", "consent_given": "yes",
        "consent_given_on_0": str(today.day), "consent_given_on_1": str(today.month),
        "consent_given_on_2": str(today.year), "signed_by": SignedBy.PARENT, "informed": list(INFORMED_POINTS),
    }
    assert client_for("fsw.frank").post("/intake/notifications/new/", data).status_code == 403
    response = client_for("mw.mary").post("/intake/notifications/new/", data)
    sent = EarlyNotification.objects.get(parent_last_name="Reed")
    assert response.status_code == 302 and response.url == f"/intake/notifications/{sent.pk}/"
    assert sent.is_informed and sent.sent_by.username == "mw.mary"
    empty = client_for("mw.mary").post("/intake/notifications/new/", {})
    assert empty.status_code == 200 and EarlyNotification.objects.count() == 3


def test_notification_page_queries(client_for, assert_request_queries):
    """session, user + membership, device, the notification, its reveal recorded."""
    notification = _nash()
    client = client_for("mw.mary")
    client.get(f"/intake/notifications/{notification.pk}/")
    with assert_request_queries(5):
        assert client.get(f"/intake/notifications/{notification.pk}/").status_code == 200


def test_notification_list_queries(client_for, assert_request_queries):
    """session, user + membership, device, incoming, sent, the reveals recorded."""
    client = client_for("mgr.maya")
    client.get("/intake/notifications/")
    with assert_request_queries(6):
        assert client.get("/intake/notifications/").status_code == 200
