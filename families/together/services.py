"""Writes for working together around a child (issue 15). Each writes one history row (or a few, in
one transaction). Whether an assessment may be started is the policy's answer, applied by
``sharing.together`` before it calls ``assessment_record``."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from centres.models import Service
from families.models import Family, Person
from families.together.models import (
    Assessment,
    Involvement,
    InvolvementEnd,
    LeadProfessional,
    Meeting,
    MeetingAction,
    MeetingActionDone,
)

NOT_IN_FUTURE = "The date must be today or in the past"
BEFORE_SINCE = "The end date must be on or after the date the involvement started"
ALREADY_ENDED = "This involvement has already ended"
WHO_INVOLVED = "Choose a practitioner of the centre, or enter the name of someone outside it"
WHO_LEADS = "Choose a practitioner of the centre, or enter the name of a lead professional outside it"
ACTION_DONE_ALREADY = "This action is already marked as done"
NOT_OF_FAMILY = "Choose someone in this family"


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: NOT_IN_FUTURE})


def involvement_add(
    *,
    subject: Person,
    recorded_by: AbstractBaseUser,
    role: str,
    since: dt.date,
    service: Service | None = None,
    practitioner: AbstractBaseUser | None = None,
    name: str = "",
    organisation: str = "",
    contact: str = "",
) -> Involvement:
    """Record that a practitioner or service works with ``subject`` since ``since``."""
    if practitioner is None and not name.strip():
        raise ValidationError({"name": WHO_INVOLVED})
    _not_future(since, "since")
    involvement = Involvement(
        subject=subject, service=service, practitioner=practitioner, name=name.strip(), role=role.strip(),
        organisation=organisation.strip(), contact=contact.strip(), since=since, recorded_by=recorded_by,
    )
    involvement.full_clean()
    involvement.save()
    return involvement


@transaction.atomic
def involvement_end(*, involvement: Involvement, recorded_by: AbstractBaseUser, ended_on: dt.date) -> InvolvementEnd:
    """An involvement ended on ``ended_on`` (a new row; the involvement itself is kept)."""
    involvement = Involvement.objects.select_for_update().get(pk=involvement.pk)
    if InvolvementEnd.objects.filter(involvement=involvement).exists():
        raise ValidationError(ALREADY_ENDED)
    _not_future(ended_on, "ended_on")
    if ended_on < involvement.since:
        raise ValidationError({"ended_on": BEFORE_SINCE})
    end = InvolvementEnd(involvement=involvement, ended_on=ended_on, recorded_by=recorded_by)
    end.full_clean()
    end.save()
    return end


def lead_professional_set(
    *,
    family: Family,
    set_by: AbstractBaseUser,
    practitioner: AbstractBaseUser | None = None,
    name: str = "",
    role: str = "",
    organisation: str = "",
    contact: str = "",
) -> LeadProfessional:
    """The family's lead professional from now: one at a time, the newest row counts; who set it and
    when is the row itself."""
    if practitioner is None and not name.strip():
        raise ValidationError({"name": WHO_LEADS})
    lead = LeadProfessional(
        family=family, practitioner=practitioner, name="" if practitioner else name.strip(),
        role="" if practitioner else role.strip(), organisation="" if practitioner else organisation.strip(),
        contact="" if practitioner else contact.strip(), set_by=set_by, set_at=timezone.now(),
    )
    lead.full_clean()
    lead.save()
    return lead


def assessment_record(
    *, subject: Person, started_by: AbstractBaseUser, consent_id: int, started_on: dt.date | None = None, **content: str
) -> Assessment:
    """Record a common assessment. Call through ``sharing.together.assessment_start``, which asks
    the policy for the consent to the assessment first."""
    started_on = started_on or timezone.localdate()
    _not_future(started_on, "started_on")
    assessment = Assessment(
        subject=subject, started_by=started_by, started_on=started_on, consent_id=consent_id,
        **{field: (value or "").strip() for field, value in content.items()},
    )
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def meeting_record(
    *,
    family: Family,
    subject: Person,
    held_on: dt.date,
    agreed: str,
    recorded_by: AbstractBaseUser,
    practitioners: Iterable[AbstractBaseUser] = (),
    family_present: Iterable[Person] = (),
    others_present: str = "",
    actions: Sequence[tuple[AbstractBaseUser, str, dt.date]] = (),
) -> Meeting:
    """A team-around-the-family meeting, who came, what was agreed and the actions, in one transaction."""
    family_present = list(family_present)
    if subject.family_id != family.pk or any(p.family_id != family.pk for p in family_present):
        raise ValidationError(NOT_OF_FAMILY)
    _not_future(held_on, "held_on")
    meeting = Meeting(
        family=family, subject=subject, held_on=held_on, agreed=agreed.strip(),
        others_present=others_present.strip(), recorded_by=recorded_by,
    )
    meeting.full_clean()
    meeting.save()
    meeting.practitioners.set(list(practitioners))
    meeting.family_present.set(family_present)
    for owner, what, due_on in actions:
        action = MeetingAction(meeting=meeting, owner=owner, what=what.strip(), due_on=due_on)
        action.full_clean()
        action.save()
    return meeting


@transaction.atomic
def action_done(*, action: MeetingAction, done_by: AbstractBaseUser) -> MeetingActionDone:
    action = MeetingAction.objects.select_for_update().get(pk=action.pk)
    if MeetingActionDone.objects.filter(action=action).exists():
        raise ValidationError(ACTION_DONE_ALREADY)
    done = MeetingActionDone(action=action, done_by=done_by)
    done.save()
    return done
