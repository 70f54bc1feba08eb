"""Writes for sharing: the disclosure log, overrides and their review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consent.models import Purpose
from families.models import Family, Person
from sharing import policy
from sharing.loading import viewer_for
from sharing.models import (
    Disclosure,
    Override,
    OverrideApproval,
    OverrideEnd,
    OverrideKind,
    OverrideReview,
    ReviewOutcome,
    SharingProtocol,
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
REVIEW_NOT_ROUTED = "This override is reviewed by someone else: {reviewer}."
APPROVAL_NOT_NEEDED = "This override did not need approval: it opened when it was made."
APPROVAL_ALREADY_DONE = "This override has already been approved."
OVERRIDE_ALREADY_ENDED = "This override has already ended."
OVERRIDE_ALREADY_EXPIRED = "This override has already expired."
OVERRIDE_END_NOT_ALLOWED = "Only the person who opened this override, or its reviewer, can end it."
OVERRIDE_END_NO_REASON = "Enter why you are ending the override."


def open_overrides_count(*, user_id: int, at: dt.datetime | None = None) -> int:
    """Overrides the user holds open now: unexpired, not ended, approved where approval was needed
    (issue 9 item 6: the per-user limit is on these)."""
    at = at or timezone.now()
    return (
        Override.objects.filter(opened_by_id=user_id, opened_at__lte=at, expires_at__gt=at, end__isnull=True)
        .exclude(needs_approval=True, approval__isnull=True)
        .count()
    )


def disclosures_record(
    *,
    viewer: Viewer,
    decisions: Sequence[Decision],
    context: str,
    at: dt.datetime | None = None,
    purpose_ids: dict[str, int] | None = None,
    recipient_agency_id: int | None = None,
    referral_id: int | None = None,
) -> list[Disclosure]:
    """Write one row per decision, in bulk, in the caller's transaction (issue 4: the log).

    ``purpose_ids``: slug → id, when the caller has already read the purposes.
    ``recipient_agency_id``: the reveal is to that partner agency, sent by ``viewer`` (issue 15: a
    referral pack, ``referral_id``), not shown to the viewer.
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
            recipient_agency_id=recipient_agency_id,
            referral_id=referral_id,
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
    # Issue 9 item 6: lock the opener, so two overrides opened at once are counted one after the
    # other; beyond the limit a new one waits for its reviewer's approval before it opens.
    get_user_model().objects.select_for_update().filter(pk=viewer.user_id).first()
    needs_approval = open_overrides_count(user_id=viewer.user_id, at=opened_at) >= settings.SHARING_OVERRIDE_OPEN_LIMIT
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
        needs_approval=needs_approval,
        # Nobody reviews their own: a manager's override goes to the Caldicott Guardian.
        review_by=policy.override_reviewer_for(viewer),
    )
    override.full_clean()
    override.save()
    return override


@transaction.atomic
def override_review(
    *, override: Override, reviewer: AbstractBaseUser, outcome: ReviewOutcome, note: str = ""
) -> OverrideReview:
    # Two managers reviewing at once queue here, and the second is told. The lock is on the
    # subject's row: the application's database role may not lock the override, a history row
    # (docs/deploy.md, "Database roles").
    Person.objects.select_for_update().get(pk=override.subject_id)
    if OverrideReview.objects.filter(override=override).exists():
        raise ValidationError(REVIEW_ALREADY_DONE)
    # A review is a second pair of eyes (¶13 Caldicott: justify the purpose): never your own.
    if override.opened_by_id == reviewer.pk:
        raise ValidationError(REVIEW_OWN_OVERRIDE)
    _require_reviewer(override, reviewer)
    review = OverrideReview(override=override, reviewed_by=reviewer, outcome=outcome, note=note.strip())
    review.full_clean()
    review.save()
    return review


def _require_reviewer(override: Override, reviewer: AbstractBaseUser) -> None:
    viewer = viewer_for(reviewer)
    if not policy.may_review_override(viewer, override.centre_id, override.review_by, override.opened_by_id):
        raise ValidationError(REVIEW_NOT_ROUTED.format(reviewer=override.get_review_by_display().lower()))


@transaction.atomic
def override_approve(
    *, override: Override, approved_by: AbstractBaseUser, note: str = "", at: dt.datetime | None = None
) -> OverrideApproval:
    """The reviewer lets an override opened beyond the limit open (issue 9 item 6)."""
    # Lock the subject's row, not the override's (history rows are not the app role's to lock).
    Person.objects.select_for_update().get(pk=override.subject_id)
    override = Override.objects.get(pk=override.pk)
    if not override.needs_approval:
        raise ValidationError(APPROVAL_NOT_NEEDED)
    if OverrideApproval.objects.filter(override=override).exists():
        raise ValidationError(APPROVAL_ALREADY_DONE)
    if override.opened_by_id == approved_by.pk:
        raise ValidationError(REVIEW_OWN_OVERRIDE)
    _require_reviewer(override, approved_by)
    at = at or timezone.now()
    if OverrideEnd.objects.filter(override=override).exists():
        raise ValidationError(OVERRIDE_ALREADY_ENDED)
    if override.expires_at <= at:
        raise ValidationError(OVERRIDE_ALREADY_EXPIRED)
    approval = OverrideApproval(override=override, approved_by=approved_by, approved_at=at, note=note.strip())
    approval.full_clean()
    approval.save()
    return approval


@transaction.atomic
def override_end(
    *, override: Override, ended_by: AbstractBaseUser, reason: str, at: dt.datetime | None = None
) -> OverrideEnd:
    """End an override early (issue 9 item 10): the policy treats it as expired from now."""
    # Lock the subject's row, not the override's (history rows are not the app role's to lock).
    Person.objects.select_for_update().get(pk=override.subject_id)
    override = Override.objects.get(pk=override.pk)
    viewer = viewer_for(ended_by)
    if not policy.may_end_override(viewer, override.centre_id, override.review_by, override.opened_by_id):
        raise ValidationError(OVERRIDE_END_NOT_ALLOWED)
    if OverrideEnd.objects.filter(override=override).exists():
        raise ValidationError(OVERRIDE_ALREADY_ENDED)
    at = at or timezone.now()
    if override.expires_at <= at:
        raise ValidationError(OVERRIDE_ALREADY_EXPIRED)
    if not reason.strip():
        raise ValidationError({"reason": OVERRIDE_END_NO_REASON})
    # Never before it was opened: an end is recorded when it happens.
    end = OverrideEnd(override=override, ended_by=ended_by, ended_at=max(at, override.opened_at), reason=reason.strip())
    end.full_clean()
    end.save()
    return end
def trail_access_record(
    *, viewer: Viewer, page: str, filters: dict | None = None, centre_id: int | None = None
) -> TrailAccess:
    """Who looked at the trail (issue 10): every trail page, export and subject access file.

    ``centre_id``: the centre whose trail it is, when it is not the viewer's own (the Caldicott
    Guardian, who belongs to no centre, opening a family's who-has-seen page for a review).
    """
    access = TrailAccess(
        viewer_id=viewer.user_id, centre_id=centre_id or viewer.centre_id, page=page[:40], filters=filters or {}
    )
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
    # Lock the family's row, not the request's: the application's database role may not lock
    # history rows, as it may not update them (docs/deploy.md, "Database roles").
    Family.objects.select_for_update().get(pk=request.family_id)
    kinds = set(SubjectAccessEvent.objects.filter(request=request).values_list("kind", flat=True))
    if SubjectAccessEvent.Kind.RELEASED in kinds:
        raise ValidationError(SAR_ALREADY_RELEASED)
    if SubjectAccessEvent.Kind.PRODUCED not in kinds:
        raise ValidationError(SAR_NOT_PRODUCED)
    return subject_access_event_record(request=request, kind=SubjectAccessEvent.Kind.RELEASED, by=by, note=note)


PROTOCOL_FIELDS = (
    "partner", "data_shared", "categories", "purpose", "legal_basis", "start_date", "review_date", "status",
    "document_link",
)


def protocol_save(*, viewer: Viewer, recorded_by, protocol: SharingProtocol | None = None, **fields) -> SharingProtocol:
    """Add a protocol to the centre's register (¶23), or change one of its own. The register is the
    manager's; nothing here opens any reveal (the gate never reads it)."""
    if protocol is None:
        protocol = SharingProtocol(centre_id=viewer.centre_id, recorded_by=recorded_by)
    elif protocol.centre_id != viewer.centre_id:
        raise ValidationError(PROTOCOL_NOT_YOURS)
    for name in PROTOCOL_FIELDS:
        if name in fields:
            setattr(protocol, name, fields[name])
    protocol.full_clean()
    protocol.save()
    return protocol


PROTOCOL_NOT_YOURS = "Only the manager of the centre can change its sharing protocols"
