"""Staff memberships (centres.services): where each role works, and so what it reaches."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from centres.models import Centre, JobRole
from centres.services import staff_membership_end, staff_membership_set


def test_only_the_caldicott_guardian_works_for_no_centre_or_agency(demo):
    """Issue 9 item 6: the local authority's Caldicott Guardian has no workplace group, so no reach."""
    users = get_user_model().objects
    cara = users.get(username="cg.cara")
    assert cara.membership.centre is None and cara.membership.agency is None
    assert str(cara.membership.workplace) == "the local authority"
    assert not cara.groups.exists()
    someone = users.create_user(username="nobody.anywhere", password="x")
    with pytest.raises(ValidationError):
        staff_membership_set(user=someone, role=JobRole.FAMILY_SUPPORT_WORKER)
    with pytest.raises(ValidationError):
        staff_membership_set(user=someone, role=JobRole.CALDICOTT_GUARDIAN, centre=Centre.objects.first())
    staff_membership_set(user=someone, role=JobRole.CALDICOTT_GUARDIAN)
    assert not someone.groups.exists()


def test_moving_a_manager_to_the_local_authority_takes_their_centres_reach(demo):
    milo = get_user_model().objects.get(username="mgr.milo")
    assert milo.groups.count() == 1
    staff_membership_set(user=milo, role=JobRole.CALDICOTT_GUARDIAN)
    assert not milo.groups.exists()
    staff_membership_end(user=milo)
    assert not hasattr(get_user_model().objects.get(pk=milo.pk), "membership")
