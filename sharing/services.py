"""Writes for sharing: the disclosure log, overrides and their review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consent.models import Purpose
from families.models import Person
from sharing import policy
from sharing.models import (
    Disclosure,
    Override,
    OverrideKind,
    OverrideReview,
    ReviewOutcome,
    SubjectAccessEvent,
    SubjectAccessRequest,
    TrailAccess,
)
from sharing.policy import Decision, Viewer
from sharing.vocabulary import Capability, Category

OVERRIDE_NOT_ALLOWED = "Your role cannot open this kind of override."
OVERRIDE_TOO_LONG = "An override can last at most {hours} hours. Choose a shorter time."
OVERRIDE_NO_CATEGORY = "Select what you need to see: basic information, sensitive information, or both."
OVERRIDE_NO_JUSTIFICATION = "Enter why sharing is justified."
OVERRIDE_NO_DISCUSSION = (
    "Enter who you discussed this with: your line manager, the designated safeguarding lead or the Caldicott Guardian."
)
REVIEW_ALREADY_DONE = "This override has already been reviewed."
REVIEW_OWN_OVERRIDE = (
    "You cannot review an override you opened yourself. Ask another manager or the Caldicott Guardian."
)


def disclosures_record(
    *,
    viewer: Viewer,
    decisions: Sequence[Decision],
    context: str,
    at: dt.datetime | None = None,
    purpose_ids: dict[str, int] | None = None,
) -> list[Disclosure]:
    """Write one row per decision, in bulk, in the caller's transaction (issue 4: the log).

    ``purpose_ids``: slug → id, when the caller has already read the purposes.
    """
    if not decisions or viewer.user_id is None:
        return []
    at = at or timezone.now()
    if purpose_ids is None:
        purpose_ids = dict(Purpose.objects.filter(slug__in={d.purpose for d in decisions}).values_list("slug", "pk"))
    usual = policy.default_purpose_for(viewer)
    unknown = {d.purpose for d in decisions} - set(purpose_ids)
    if unknown:
        # Fail closed: a reveal that cannot be recorded must not happen (the caller's transaction rolls back).
        raise ValueError(f"Unknown purpose {sorted(unknown)}: nothing is revealed without a disclosure row.")
    rows = [
        Disclosure(
            at=at,
            viewer_id=viewer.user_id,
            viewer_role=viewer.role or "",
            viewer_centre_id=viewer.centre_id,
            viewer_agency_id=viewer.agency_id,
            subject_id=d.subject_id,
            category=d.category.value,
            purpose_id=purpose_ids[d.purpose],
            # Shown to managers: asserting another purpose than the role's usual one (POLICY.md).
            purpose_asserted=d.purpose != usual,
            permitted=d.permitted,
            basis=d.basis.value if d.basis else "",
            consent_id=d.consent_id,
            override_id=d.override_id,
            reason=d.reason,
            context=context[:100],
        )
        for d in decisions
    ]
    return Disclosure.objects.bulk_create(rows)


@transaction.atomic
def override_open(
    *,
    viewer: Viewer,
    subject: Person,
    kind: OverrideKind,
    categories: Sequence[str],
    justification: str,
    discussed_with: str = "",
    discussed_with_name: str = "",
    hours: int | None = None,
    at: dt.datetime | None = None,
) -> Override:
    """Break the glass (POLICY.md basis 5) or state a medical purpose (basis 4)."""
    if not policy.may_open_override(viewer, kind):
        raise ValidationError(OVERRIDE_NOT_ALLOWED)
    hours = hours or settings.SHARING_OVERRIDE_DEFAULT_HOURS
    if hours < 1 or hours > settings.SHARING_OVERRIDE_MAX_HOURS:
        raise ValidationError({"hours": OVERRIDE_TOO_LONG.format(hours=settings.SHARING_OVERRIDE_MAX_HOURS)})
    categories = sorted({Category(c).value for c in categories})
    if not categories:
        raise ValidationError({"categories": OVERRIDE_NO_CATEGORY})
    if not justification.strip():
        raise ValidationError({"justification": OVERRIDE_NO_JUSTIFICATION})
    # ¶14: a public-interest judgement is discussed with a manager, safeguarding lead or Caldicott Guardian.
    if kind == OverrideKind.PUBLIC_INTEREST and not (discussed_with and discussed_with_name.strip()):
        raise ValidationError({"discussed_with": OVERRIDE_NO_DISCUSSION})
    opened_at = at or timezone.now()
    override = Override(
        kind=kind,
        opened_by_id=viewer.user_id,
        subject=subject,
        centre_id=subject.family.centre_id,
        categories=categories,
        justification=justification.strip(),
        discussed_with=discussed_with,
        discussed_with_name=discussed_with_name.strip(),
        opened_at=opened_at,
        expires_at=opened_at + dt.timedelta(hours=hours),
    )
    override.full_clean()
    override.save()
    return override


@transaction.atomic
def override_review(
    *, override: Override, reviewer: AbstractBaseUser, outcome: ReviewOutcome, note: str = ""
) -> OverrideReview:
    # Lock the override itself: two managers reviewing at once queue here, and the second is told.
    Override.objects.select_for_update().get(pk=override.pk)
    if OverrideReview.objects.filter(override=override).exists():
        raise ValidationError(REVIEW_ALREADY_DONE)
    # A review is a second pair of eyes (¶13 Caldicott: justify the purpose): never your own.
    if override.opened_by_id == reviewer.pk:
        raise ValidationError(REVIEW_OWN_OVERRIDE)
    review = OverrideReview(override=override, reviewed_by=reviewer, outcome=outcome, note=note.strip())
    review.full_clean()
    review.save()
    return review


def trail_access_record(*, viewer: Viewer, page: str, filters: dict | None = None) -> TrailAccess:
    """Who looked at the trail (issue 10): every trail page, export and subject access file."""
    access = TrailAccess(viewer_id=viewer.user_id, centre_id=viewer.centre_id, page=page[:40], filters=filters or {})
    access.save()
    return access


SAR_IDENTITY_NOT_CHECKED = "Check the requester's identity before opening the request"
SAR_RECEIVED_IN_FUTURE = "The date the request was received must be today or in the past"
SAR_NOT_PRODUCED = "Produce the file and review it before recording its release"
SAR_ALREADY_RELEASED = "This file has already been released"
SAR_NOT_ALLOWED = "Only the manager of the family's centre can handle its subject access requests"


def subject_access_open(
    *, viewer: Viewer, opened_by: AbstractBaseUser, family, person=None, requested_by: str,
    received_on: dt.date, identity_checked: bool, identity_evidence: str = "",
) -> SubjectAccessRequest:
    """Open a subject access request (UK GDPR Art. 15): the statutory month runs from receipt."""
    if not policy.capable(viewer, Capability.SUBJECT_ACCESS, family.centre_id):
        raise ValidationError(SAR_NOT_ALLOWED)
    if not identity_checked:
        raise ValidationError({"identity_checked": SAR_IDENTITY_NOT_CHECKED})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": SAR_RECEIVED_IN_FUTURE})
    request = SubjectAccessRequest(
        centre_id=family.centre_id, family=family, person=person, requested_by=requested_by.strip(),
        received_on=received_on, identity_checked=True, identity_evidence=identity_evidence.strip(),
        opened_by=opened_by,
    )
    request.full_clean()
    request.save()
    return request


def subject_access_event_record(
    *, request: SubjectAccessRequest, kind: str, by: AbstractBaseUser, note: str = ""
) -> SubjectAccessEvent:
    event = SubjectAccessEvent(request=request, kind=kind, by=by, note=note.strip())
    event.save()
    return event


@transaction.atomic
def subject_access_release(
    *, request: SubjectAccessRequest, by: AbstractBaseUser, note: str = ""
) -> SubjectAccessEvent:
    """Record that the reviewed file was given to the requester; the request is then closed."""
    SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    kinds = set(SubjectAccessEvent.objects.filter(request=request).values_list("kind", flat=True))
    if SubjectAccessEvent.Kind.RELEASED in kinds:
        raise ValidationError(SAR_ALREADY_RELEASED)
    if SubjectAccessEvent.Kind.PRODUCED not in kinds:
        raise ValidationError(SAR_NOT_PRODUCED)
    return subject_access_event_record(request=request, kind=SubjectAccessEvent.Kind.RELEASED, by=by, note=note)
