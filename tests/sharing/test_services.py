"""Overrides and their review (POLICY.md basis 4 and 5)."""
import pytest
from django.core.exceptions import ValidationError

from families.models import Person
from sharing import services
from sharing.loading import viewer_for
from sharing.models import Override, OverrideKind, ReviewOutcome


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
