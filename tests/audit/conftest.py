"""The demo world with some history of every kind: disclosures, a reviewed override, changes."""
from __future__ import annotations

import contextlib

import pytest
from django.db import connection
from django.utils import timezone

from accounts.services import second_factor_reset
from centres.models import Centre
from consent.models import Objection
from consent.services import objection_withdraw
from consent.vocabulary import ObjectionWithdrawalMethod
from demo.births import sample_births_csv
from families.models import Family, Note, Person
from families.services import family_transfer, note_amend, review_contact_record
from families.together.models import Involvement, MeetingAction
from families.together.services import action_done, involvement_end
from families.vocabulary import ContactOutcome, ContactPlace, Review
from intake.models import EarlyNotification
from intake.services import births_import, notification_decline
from intake.vocabulary import DeclineReason
from sharing import services
from sharing.loading import viewer_for
from sharing.models import Override, OverrideKind, Referral, ReviewOutcome, SubjectAccessEvent
from sharing.referrals import referral_respond


@pytest.fixture
def history(demo, user, client_for, settings):
    """Pages opened by three practitioners (so the disclosure log has rows from several bulk
    inserts) and the demo override reviewed (so every history table holds at least one row)."""
    for username, reference in [("fsw.frank", "ADA"), ("hv.hana", "BRO"), ("sw.sara", "ADA"), ("fsw.frank", "EVA")]:
        response = client_for(username).get(f"/families/{reference}/")
        assert response.status_code == 200
    services.override_review(
        override=Override.objects.first(), reviewer=user("mgr.maya"), outcome=ReviewOutcome.JUSTIFIED
    )
    second_factor_reset(user=user("fsw.frank"), reset_by=user("mgr.maya"), reason="Lost phone")
    # Healthy Child Programme contacts (issue 13): one more, beyond the demo world's.
    review_contact_record(
        subject=Person.objects.get(reference="BRO-C1"), recorded_by=user("hv.hana"), review=Review.TWO_YEARS,
        contact_date=timezone.localdate(), place=ContactPlace.CENTRE, outcome=ContactOutcome.COMPLETED,
    )
    # Issue 13: a note corrected by its author (the original stays).
    note_amend(
        note=Note.objects.filter(subject__reference="ADA-C1", author__username="hv.hana").first(),
        amended_by=user("hv.hana"), text="Breastfeeding well; feeding every 3 to 4 hours.",
        reason="Made by the audit tests.",
    )
    # The trail and subject access keep history too: a look at the trail, a request and its file.
    assert client_for("mgr.maya").get("/sharing/trail/").status_code == 200
    maya = user("mgr.maya")
    request = services.subject_access_open(
        viewer=viewer_for(maya), opened_by=maya, family=Family.objects.get(reference="ADA"),
        requested_by="Alice Adams", received_on=timezone.localdate(), identity_checked=True,
    )
    services.subject_access_event_record(request=request, kind=SubjectAccessEvent.Kind.PRODUCED, by=maya)
    # An objection lifted, and an override beyond the limit approved and then ended early.
    objection = Objection.objects.get(family__reference="CLA")
    objection_withdraw(
        objection=objection, withdrawn_by=objection.made_by, method=ObjectionWithdrawalMethod.PHONE,
        recorded_by=user("hv.hana"),
    )
    settings.SHARING_OVERRIDE_OPEN_LIMIT = 1
    frank = user("fsw.frank")
    pending = services.override_open(
        viewer=viewer_for(frank), subject=Person.objects.get(reference="BRO-C1"), kind=OverrideKind.PUBLIC_INTEREST,
        categories=["basic"], justification="Made by the audit tests.", discussed_with="line_manager",
        discussed_with_name="Maya Mills", hours=4,
    )
    assert pending.needs_approval
    services.override_approve(override=pending, approved_by=maya)
    services.override_end(override=pending, ended_by=frank, reason="No longer needed.")
    # Issue 15: the demo's referral (sent, with disclosure rows naming the agency) accepted by the agency.
    referral = Referral.objects.get(subject__reference="EVA-P1")
    referral_respond(user=user("ext.ella"), referral=referral, kind="accepted", note="Made by the audit tests.")
    # Issue 15: an involvement ended and a team meeting's action done (the demo world has the rest).
    involvement = Involvement.objects.filter(subject__reference="ADA-C1").first()
    involvement_end(involvement=involvement, recorded_by=frank, ended_on=timezone.localdate())
    action = MeetingAction.objects.filter(owner__username="sw.sara").first()
    action_done(action=action, done_by=user("sw.sara"))
    # Issue 13: a family moves to Hillview.
    hughes = Family.objects.get(reference="HUG")
    family_transfer(
        family=hughes, to_centre=Centre.objects.get(name="Hillview Children's Centre"), transferred_by=maya,
        expected_version=hughes.version,
    )
    # Issue 14: a notification opened by its named contact and declined; a new-birth file imported.
    notification = EarlyNotification.objects.get(parent_last_name="Owen")
    assert client_for("mgr.maya").get(f"/intake/notifications/{notification.pk}/").status_code == 200
    notification_decline(notification=notification, decided_by=maya, reason=DeclineReason.OTHER)
    record = births_import(
        uploaded_by=maya, file_name="history.csv", data=sample_births_csv(rows=2, objected=1), mode="all_or_nothing"
    )
    assert record.created == 1 and record.objected == 1, record.row_errors
    return demo


@contextlib.contextmanager
def tampering(*tables: str):
    """Play the attacker with the database's keys: switch the append-only triggers off, tamper,
    switch them on again (so that verify_audit judges the chain alone). The test connection is a
    superuser; everything is rolled back with the test's transaction."""
    disable_triggers(*tables)
    yield
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')


def disable_triggers(*tables: str) -> None:
    with connection.cursor() as cursor:
        # PostgreSQL alters no table with foreign-key checks still pending (Django defers them to
        # the commit, which a test never reaches): run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
