"""Issue 14's rules in the policy, row by row (pure: no database)."""
from __future__ import annotations

import pytest

from centres.vocabulary import JobRole
from sharing.policy import (
    Viewer,
    capable,
    may_decide_notifications,
    may_import_births,
    may_see_notification,
    may_send_notification,
)
from sharing.vocabulary import Capability, NotificationBasis

RIVERSIDE, HILLVIEW = 1, 2
MARY = Viewer(user_id=10, username="mw.mary", role=JobRole.MIDWIFE, centre_id=RIVERSIDE)
HANA = Viewer(user_id=11, username="hv.hana", role=JobRole.HEALTH_VISITOR, centre_id=RIVERSIDE)
MAYA = Viewer(user_id=12, username="mgr.maya", role=JobRole.CENTRE_MANAGER, centre_id=RIVERSIDE,
              notification_contact_for=RIVERSIDE)
MILO = Viewer(user_id=13, username="mgr.milo", role=JobRole.CENTRE_MANAGER, centre_id=HILLVIEW,
              notification_contact_for=HILLVIEW)
FRANK = Viewer(user_id=14, username="fsw.frank", role=JobRole.FAMILY_SUPPORT_WORKER, centre_id=RIVERSIDE)
OTHER_MANAGER = Viewer(user_id=15, username="mgr.other", role=JobRole.CENTRE_MANAGER, centre_id=RIVERSIDE)
CARA = Viewer(user_id=16, username="cg.cara", role=JobRole.CALDICOTT_GUARDIAN)
ELLA = Viewer(user_id=17, username="ext.ella", role=JobRole.EXTERNAL_PRACTITIONER, agency_id=1)
ADMIN = Viewer(user_id=18, username="admin", role=None)


@pytest.mark.parametrize("viewer, expected", [
    (MARY, NotificationBasis.SENDER),  # she recorded it ("recorded by you")
    (MAYA, NotificationBasis.NAMED_CONTACT),  # step 5: the centre's named contact
    (HANA, None), (FRANK, None), (OTHER_MANAGER, None),  # the centre's staff, a manager who is not the contact
    (MILO, None),  # another centre's contact
    (CARA, None), (ELLA, None), (ADMIN, None),
])
def test_who_sees_a_notification_mary_sent_to_riverside(viewer, expected):
    assert may_see_notification(viewer, sender_id=MARY.user_id, centre_id=RIVERSIDE) == expected


@pytest.mark.parametrize("viewer, send, decide_riverside, import_births", [
    (MARY, True, False, False),
    (HANA, True, False, True),
    (MAYA, False, True, True),
    (MILO, False, False, True),
    (FRANK, False, False, False),
    (OTHER_MANAGER, False, False, True),
    (CARA, False, False, False),
    (ELLA, False, False, False),
    (ADMIN, False, False, False),
])
def test_who_sends_decides_and_imports(viewer, send, decide_riverside, import_births):
    assert may_send_notification(viewer) is send
    assert may_decide_notifications(viewer, RIVERSIDE) is decide_riverside
    assert may_import_births(viewer) is import_births
    assert capable(viewer, Capability.DECIDE_NOTIFICATIONS, RIVERSIDE) is decide_riverside
