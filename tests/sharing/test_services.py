"""Overrides and their review (POLICY.md basis 4 and 5)."""
import pytest
from django.core.exceptions import ValidationError

from families.models import Person
from sharing import gate, selectors, services
from sharing.loading import viewer_for
from sharing.models import Override, OverrideEnd, OverrideKind, ReviewOutcome
from sharing.vocabulary import Category, ReviewerRole


def open_override(user, reference="BRO-C1", **changes):
    kwargs = dict(
        viewer=viewer_for(user), subject=Person.objects.select_related("family").get(reference=reference),
        kind=OverrideKind.PUBLIC_INTEREST, categories=["basic"], justification="Risk of harm",
        discussed_with="line_manager", discussed_with_name="Maya Mills",
    )
    kwargs.update(changes)
    return services.override_open(**kwargs)


def test_override_defaults_to_24_hours_and_caps_at_72(demo, user):
    override = open_override(user("fsw.frank"))
    assert (override.expires_at - override.opened_at).total_seconds() == 24 * 3600
    with pytest.raises(ValidationError, match="at most 72 hours"):
        open_override(user("fsw.frank"), hours=73)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"justification": " "}, services.OVERRIDE_NO_JUSTIFICATION),
        ({"discussed_with": ""}, services.OVERRIDE_NO_DISCUSSION),
        ({"categories": []}, services.OVERRIDE_NO_CATEGORY),
    ],
)
def test_override_needs_justification_discussion_and_scope(demo, user, changes, message):
    with pytest.raises(ValidationError) as error:
        open_override(user("fsw.frank"), **changes)
    assert message in str(error.value)


def test_medical_purpose_is_for_health_professionals_only(demo, user):
    assert open_override(user("hv.hana"), kind=OverrideKind.MEDICAL_PURPOSE, discussed_with="").pk
    with pytest.raises(ValidationError, match="cannot open"):
        open_override(user("fsw.frank"), kind=OverrideKind.MEDICAL_PURPOSE)
    with pytest.raises(ValidationError, match="cannot open"):
        open_override(user("ext.ella"), reference="EVA-C1")


def test_review_once_and_never_your_own(demo, user):
    maya = user("mgr.maya")
    morris = Override.objects.get(subject__reference="MOR-C1")
    services.override_review(override=morris, reviewer=maya, outcome=ReviewOutcome.JUSTIFIED)
    with pytest.raises(ValidationError, match="already been reviewed"):
        services.override_review(override=morris, reviewer=maya, outcome=ReviewOutcome.JUSTIFIED)
    own = open_override(maya)
    with pytest.raises(ValidationError, match="opened yourself"):
        services.override_review(override=own, reviewer=maya, outcome=ReviewOutcome.JUSTIFIED)


# --- Issue 9 item 6: the limit on open overrides, approval, routing ------------------------------


def test_beyond_the_limit_an_override_waits_for_approval(demo, user, settings):
    settings.SHARING_OVERRIDE_OPEN_LIMIT = 2
    frank, maya = user("fsw.frank"), user("mgr.maya")
    # The demo gives frank one open override (MOR-C1); one more reaches the limit.
    assert services.open_overrides_count(user_id=frank.pk) == 1
    second = open_override(frank, reference="BRO-C1")
    assert not second.needs_approval
    third = open_override(frank, reference="CLA-C1")
    assert third.needs_approval
    assert services.open_overrides_count(user_id=frank.pk) == 2  # a pending one is not open
    # Not open in the policy until approved.
    assert not explain_basic(frank, "CLA-C1")
    services.override_approve(override=third, approved_by=maya)
    assert explain_basic(frank, "CLA-C1")
    with pytest.raises(ValidationError, match="already been approved"):
        services.override_approve(override=third, approved_by=maya)
    with pytest.raises(ValidationError, match="did not need approval"):
        services.override_approve(override=second, approved_by=maya)


def test_an_ended_override_frees_a_place_under_the_limit(demo, user, settings):
    settings.SHARING_OVERRIDE_OPEN_LIMIT = 1
    frank = user("fsw.frank")
    morris = Override.objects.get(subject__reference="MOR-C1")
    assert open_override(frank, reference="BRO-C1").needs_approval
    services.override_end(override=morris, ended_by=frank, reason="Concern resolved.")
    assert not open_override(frank, reference="CLA-C1").needs_approval


def test_only_the_routed_reviewer_approves(demo, user, settings):
    settings.SHARING_OVERRIDE_OPEN_LIMIT = 0
    frank, maya, milo, cara = user("fsw.frank"), user("mgr.maya"), user("mgr.milo"), user("cg.cara")
    pending = open_override(frank, reference="BRO-C1")
    for someone in (milo, cara, frank):
        with pytest.raises(ValidationError):
            services.override_approve(override=pending, approved_by=someone)
    own = open_override(maya, reference="CLA-C1")
    assert own.needs_approval and own.review_by == ReviewerRole.CALDICOTT_GUARDIAN
    with pytest.raises(ValidationError, match="opened yourself"):
        services.override_approve(override=own, approved_by=maya)
    assert services.override_approve(override=own, approved_by=cara).pk


def test_a_managers_override_is_reviewed_by_the_caldicott_guardian(demo, user):
    maya, milo, cara = user("mgr.maya"), user("mgr.milo"), user("cg.cara")
    own = open_override(maya)
    assert own.review_by == ReviewerRole.CALDICOTT_GUARDIAN
    assert Override.objects.get(subject__reference="MOR-C1").review_by == ReviewerRole.CENTRE_MANAGER
    with pytest.raises(ValidationError, match="reviewed by someone else"):
        services.override_review(override=own, reviewer=milo, outcome=ReviewOutcome.JUSTIFIED)
    morris = Override.objects.get(subject__reference="MOR-C1")
    with pytest.raises(ValidationError, match="reviewed by someone else"):
        services.override_review(override=morris, reviewer=cara, outcome=ReviewOutcome.JUSTIFIED)
    assert services.override_review(override=own, reviewer=cara, outcome=ReviewOutcome.JUSTIFIED).pk
    cara_queue = selectors.review_queue(viewer=viewer_for(cara))
    maya_queue = selectors.review_queue(viewer=viewer_for(maya))
    assert own not in cara_queue  # reviewed
    assert [o.subject.reference for o in maya_queue] == ["MOR-C1"]  # never her own


def test_the_caldicott_guardian_queue_spans_centres(demo, user):
    maya, milo, cara = user("mgr.maya"), user("mgr.milo"), user("cg.cara")
    riverside = open_override(maya)
    hillview = open_override(milo, reference="LEW-C1")
    queue = list(selectors.review_queue(viewer=viewer_for(cara)))
    assert queue == [riverside, hillview]
    assert selectors.review_queue_count(viewer=viewer_for(cara)) == 2
    assert selectors.review_queue_count(viewer=viewer_for(milo)) == 0
    assert selectors.review_queue_count(viewer=viewer_for(user("fsw.frank"))) == 0


def test_alert_when_someone_opens_more_than_the_limit_in_a_day(demo, user, settings):
    settings.SHARING_OVERRIDE_OPEN_LIMIT = 2
    frank, maya = user("fsw.frank"), user("mgr.maya")
    assert selectors.overrides_over_limit(viewer=viewer_for(maya)) == []
    for reference in ("BRO-C1", "CLA-C1"):
        open_override(frank, reference=reference)
    [alert] = selectors.overrides_over_limit(viewer=viewer_for(maya))
    assert (alert["username"], alert["opened"], alert["limit"]) == ("fsw.frank", 3, 2)
    assert selectors.overrides_over_limit(viewer=viewer_for(user("mgr.milo"))) == []
    assert selectors.overrides_over_limit(viewer=viewer_for(user("hv.hana"))) == []


# --- Issue 9 item 10: ending an override early -------------------------------------------------------


def test_ending_an_override_early(demo, user):
    frank, maya, sara = user("fsw.frank"), user("mgr.maya"), user("sw.sara")
    morris = Override.objects.get(subject__reference="MOR-C1")
    assert explain_basic(frank, "MOR-C1")
    with pytest.raises(ValidationError, match="Only the person who opened"):
        services.override_end(override=morris, ended_by=sara, reason="Not mine.")
    with pytest.raises(ValidationError, match="Enter why"):
        services.override_end(override=morris, ended_by=frank, reason=" ")
    end = services.override_end(override=morris, ended_by=maya, reason="Disproportionate.")
    assert end.ended_by == maya and end.reason == "Disproportionate."
    assert not explain_basic(frank, "MOR-C1")  # expired from now
    with pytest.raises(ValidationError, match="already ended"):
        services.override_end(override=morris, ended_by=frank, reason="Again.")
    # Never edited: the override row itself is unchanged.
    assert Override.objects.get(pk=morris.pk).expires_at == morris.expires_at
    assert OverrideEnd.objects.filter(override=morris).count() == 1


def explain_basic(user, reference: str) -> bool:
    person = Person.objects.select_related("family").get(reference=reference)
    return gate.decisions_for(user, [person], Category.BASIC)[person.pk].permitted
