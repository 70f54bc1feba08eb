"""What a role may do (sharing/policy/capabilities.py): the override review routing of issue 9.

Pure, no database: one row per case.
"""
from __future__ import annotations

import pytest

from centres.vocabulary import JobRole
from sharing.policy import (
    Viewer,
    capable,
    may_end_override,
    may_open_override,
    may_review_override,
    may_review_overrides,
    override_reviewer_for,
)
from sharing.vocabulary import Capability, OverrideKind, ReviewerRole

RIVERSIDE, HILLVIEW = 1, 2
FRANK = Viewer(10, "fsw.frank", JobRole.FAMILY_SUPPORT_WORKER, centre_id=RIVERSIDE)
MAYA = Viewer(11, "mgr.maya", JobRole.CENTRE_MANAGER, centre_id=RIVERSIDE)
MILO = Viewer(12, "mgr.milo", JobRole.CENTRE_MANAGER, centre_id=HILLVIEW)
CARA = Viewer(13, "cg.cara", JobRole.CALDICOTT_GUARDIAN, workplace_name="the local authority")
HANA = Viewer(14, "hv.hana", JobRole.HEALTH_VISITOR, centre_id=RIVERSIDE)
ELLA = Viewer(15, "ext.ella", JobRole.EXTERNAL_PRACTITIONER, agency_id=7)


@pytest.mark.parametrize(
    "opener, reviewer",
    [
        (FRANK, ReviewerRole.CENTRE_MANAGER),
        (HANA, ReviewerRole.CENTRE_MANAGER),
        # Nobody reviews their own, and a centre has one manager: a manager's goes to the CG (¶14).
        (MAYA, ReviewerRole.CALDICOTT_GUARDIAN),
    ],
)
def test_override_routing_at_opening(opener, reviewer):
    assert override_reviewer_for(opener) == reviewer


# (viewer, override centre, routed to, opened by, may review)
ROUTING = [
    ("manager-own-centre", MAYA, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, True),
    ("manager-other-centre", MILO, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, False),
    ("manager-own-override", MAYA, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, MAYA.user_id, False),
    ("manager-routed-to-cg", MAYA, RIVERSIDE, ReviewerRole.CALDICOTT_GUARDIAN, MAYA.user_id, False),
    ("other-manager-routed-to-cg", MILO, RIVERSIDE, ReviewerRole.CALDICOTT_GUARDIAN, MAYA.user_id, False),
    ("cg-managers-override-any-centre", CARA, RIVERSIDE, ReviewerRole.CALDICOTT_GUARDIAN, MAYA.user_id, True),
    ("cg-hillview-managers-override", CARA, HILLVIEW, ReviewerRole.CALDICOTT_GUARDIAN, MILO.user_id, True),
    ("cg-not-routed-to-managers-queue", CARA, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, False),
    ("practitioner-never-reviews", HANA, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, False),
    ("opener-never-reviews", FRANK, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, False),
]


@pytest.mark.parametrize(
    "viewer, centre_id, review_by, opened_by_id, expected", [r[1:] for r in ROUTING], ids=[r[0] for r in ROUTING]
)
def test_may_review_override(viewer, centre_id, review_by, opened_by_id, expected):
    assert may_review_override(viewer, centre_id, review_by, opened_by_id) is expected


@pytest.mark.parametrize(
    "viewer, centre_id, review_by, opened_by_id, expected",
    [
        (FRANK, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, True),  # the opener
        (MAYA, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, True),  # its reviewer
        (MAYA, RIVERSIDE, ReviewerRole.CALDICOTT_GUARDIAN, MAYA.user_id, True),  # her own
        (CARA, RIVERSIDE, ReviewerRole.CALDICOTT_GUARDIAN, MAYA.user_id, True),  # its reviewer
        (CARA, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, False),  # not routed to her
        (HANA, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, False),  # a colleague
        (MILO, RIVERSIDE, ReviewerRole.CENTRE_MANAGER, FRANK.user_id, False),  # another centre
    ],
)
def test_may_end_override(viewer, centre_id, review_by, opened_by_id, expected):
    assert may_end_override(viewer, centre_id, review_by, opened_by_id) is expected


@pytest.mark.parametrize(
    "viewer, queue, review, open_override",
    [
        (MAYA, True, True, True),
        (MILO, True, True, True),
        # The CG has a queue across centres, but no centre: no check-access, no who-has-seen by
        # default, and no override of their own (they reach no family).
        (CARA, True, False, False),
        (FRANK, False, False, True),
        (ELLA, False, False, False),
    ],
)
def test_capabilities_of_reviewers(viewer, queue, review, open_override):
    assert may_review_overrides(viewer) is queue
    assert capable(viewer, Capability.REVIEW_OVERRIDES) is queue
    assert capable(viewer, Capability.REVIEW) is review
    assert may_open_override(viewer, OverrideKind.PUBLIC_INTEREST) is open_override


def test_caldicott_guardian_may_do_nothing_at_a_centre():
    # She reviews managers' overrides and reads the trail across every centre (issue 10), and sees
    # every centre's group figures (issue 14); nothing else.
    for capability in Capability:
        if capability not in (Capability.REVIEW_OVERRIDES, Capability.VIEW_TRAIL, Capability.VIEW_FIGURES):
            assert not capable(CARA, capability, RIVERSIDE), capability


MARY = Viewer(16, "mw.mary", JobRole.MIDWIFE, centre_id=RIVERSIDE)


# Issue 13: who records Healthy Child Programme contacts, holds a caseload, names the health visitor.
@pytest.mark.parametrize(
    "viewer, centre, record_contact, hold_caseload, assign",
    [
        (HANA, RIVERSIDE, True, True, False),
        (MARY, RIVERSIDE, True, False, False),  # ¶15: a health professional, but no caseload
        (HANA, HILLVIEW, False, True, False),  # another centre's family
        (FRANK, RIVERSIDE, False, False, False),
        (MAYA, RIVERSIDE, False, False, True),
        (MAYA, HILLVIEW, False, False, False),
        (ELLA, RIVERSIDE, False, False, False),
        (CARA, RIVERSIDE, False, False, False),
    ],
)
def test_contact_and_caseload_capabilities(viewer, centre, record_contact, hold_caseload, assign):
    assert capable(viewer, Capability.RECORD_CONTACT, centre) is record_contact
    assert capable(viewer, Capability.HOLD_CASELOAD, centre) is hold_caseload
    assert capable(viewer, Capability.ASSIGN_HEALTH_VISITOR, centre) is assign
# Issue 13: who may transfer a family to another centre when it moves.
TRANSFER = [
    ("manager-of-the-familys-centre", MAYA, RIVERSIDE, True),
    ("manager-of-another-centre", MILO, RIVERSIDE, False),
    ("new-centres-manager-after-the-move", MILO, HILLVIEW, True),
    ("health-visitor", HANA, RIVERSIDE, False),
    ("family-support-worker", FRANK, RIVERSIDE, False),
    ("caldicott-guardian", CARA, RIVERSIDE, False),
    ("external-practitioner", ELLA, RIVERSIDE, False),
]


@pytest.mark.parametrize("viewer, centre_id, expected", [r[1:] for r in TRANSFER], ids=[r[0] for r in TRANSFER])
def test_who_may_transfer_a_family(viewer, centre_id, expected):
    assert capable(viewer, Capability.TRANSFER_FAMILY, centre_id) is expected


@pytest.mark.parametrize(
    "viewer, centre, may",
    [
        (MAYA, RIVERSIDE, True),  # a manager, her own centre's figures
        (MAYA, HILLVIEW, False),  # never another centre's
        (CARA, RIVERSIDE, True),  # the Caldicott Guardian, across every centre
        (CARA, HILLVIEW, True),
        (FRANK, RIVERSIDE, False),  # practitioners work with families, not figures
        (HANA, RIVERSIDE, False),
        (ELLA, RIVERSIDE, False),
    ],
)
def test_who_may_see_reach_area_figures(viewer, centre, may):
    """Issue 14 (¶19–22): group figures are for those who plan and monitor the centre's services."""
    assert capable(viewer, Capability.VIEW_FIGURES, centre) is may
