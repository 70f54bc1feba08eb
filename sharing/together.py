"""The gate for working together around a child (issue 15, ¶23 "Systems").

Who else is working with a child, common assessments (CAF), the lead professional and the team
around the family. Every reveal goes through ``disclose_people`` (decided and recorded per person
and category, as on the family page), and the casework rows are fetched only where the decisions
permit them, through ``disclose.permitted_condition`` — the filter notes are fetched through:

- an involvement of a service not flagged sensitive: where the child's basic information is shown;
- an involvement of a sensitive service: where the sensitive decision opens the service's topic;
  anyone else who sees the child's basic information reads only that another service is involved
  (only the subject's id leaves the database);
- assessments and team-meeting records: where the sensitive decision opens "Assessment (CAF)".

Starting an assessment (and holding a team meeting about a child's plan) needs explicit, informed
consent to the assessment: ``sharing.policy.assessment_start``.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.selectors import display_name
from families.models import Family, Person
from families.together import selectors, services
from families.together.models import DOMAINS, Assessment, Involvement, LeadProfessional, Meeting, MeetingAction
from families.vocabulary import PersonKind
from sharing import policy
from sharing.access import NOT_FOUND
from sharing.disclose import disclose_people, permitted_condition
from sharing.loading import load_facts, purpose_rules, viewer_for, with_subject_facts
from sharing.policy import Decision
from sharing.reach import reachable_people
from sharing.revealed import FamilyView, SubjectView, names_shown
from sharing.vocabulary import Category

ANOTHER_SERVICE = "Another service is involved — contact the lead professional"
ANOTHER_SERVICE_NO_LEAD = "Another service is involved — ask the centre manager who the lead professional is"
NO_CASEWORK_TOPIC = (
    "No consent on record names the assessment (CAF) topic, so assessments and team meetings are not shared with you."
)



def _workplace(user) -> str:
    membership = getattr(user, "membership", None)
    return str(membership.workplace) if membership is not None else ""


def _role(user) -> str:
    membership = getattr(user, "membership", None)
    return membership.get_role_display().lower() if membership is not None else ""


@dataclass(frozen=True)
class LeadView:
    user_id: int | None
    name: str
    role: str
    workplace: str
    contact: str
    set_by: str
    set_at: dt.datetime


@dataclass(frozen=True)
class InvolvementView:
    id: int
    name: str
    role: str
    organisation: str
    contact: str
    since: dt.date
    service: str
    sensitive: bool
    recorded_by: str


@dataclass(frozen=True)
class DomainView:
    title: str
    strengths: str
    needs: str
    views: str


@dataclass(frozen=True)
class AssessmentView:
    id: int
    started_on: dt.date
    started_by: str
    domains: tuple[DomainView, ...]
    summary: str
    agreed_actions: str


@dataclass(frozen=True)
class ActionView:
    id: int
    owner_id: int
    owner: str
    due_on: dt.date
    done: bool
    overdue: bool
    # None where the owner's decision does not open the meeting's topic (start page).
    what: str | None
    subject: str = ""
    family_reference: str = ""
    reason: str = ""


@dataclass(frozen=True)
class MeetingView:
    id: int
    held_on: dt.date
    subject: str
    practitioners: tuple[str, ...]
    family_present: tuple[str, ...]
    others_present: str
    agreed: str
    actions: tuple[ActionView, ...]
    recorded_by: str


@dataclass
class PersonWork:
    """What the viewer may see of the work with one person. Absent parts are None, with the reason."""

    subject: SubjectView
    involvements: tuple[InvolvementView, ...] | None
    another_service: bool
    assessments: tuple[AssessmentView, ...] | None
    meetings: tuple[MeetingView, ...] | None

    @property
    def casework_reason(self) -> str:
        decision = self.subject.sensitive_decision
        if decision is not None and decision.permitted:
            return NO_CASEWORK_TOPIC
        return decision.reason if decision is not None else ""


@dataclass
class TogetherView:
    family: FamilyView
    people: list[PersonWork]
    lead: LeadView | None
    lead_history: list[LeadView] = field(default_factory=list)

    @property
    def another_service_text(self) -> str:
        return ANOTHER_SERVICE if self.lead is not None else ANOTHER_SERVICE_NO_LEAD


def _lead_view(row: LeadProfessional) -> LeadView:
    if row.practitioner_id is not None:
        user = row.practitioner
        return LeadView(
            user.pk, display_name(user), _role(user), _workplace(user), user.email, display_name(row.set_by), row.set_at
        )
    return LeadView(None, row.name, row.role, row.organisation, row.contact, display_name(row.set_by), row.set_at)


def lead_professional_view(family: Family) -> LeadView | None:
    """The lead professional now, for the family page (shown where someone in the family is)."""
    row = selectors.lead_professional(family.pk)
    return _lead_view(row) if row is not None else None


def _involvement_view(row) -> InvolvementView:
    if row.practitioner_id is not None:
        name, organisation = display_name(row.practitioner), row.organisation or _workplace(row.practitioner)
        contact = row.contact or row.practitioner.email
    else:
        name, organisation, contact = row.name, row.organisation, row.contact
    service = row.service
    return InvolvementView(
        row.pk, name, row.role, organisation or (service.organisation if service else ""), contact, row.since,
        service.name if service else "", bool(service and service.is_sensitive), "",
    )


def _assessment_view(row: Assessment) -> AssessmentView:
    domains = tuple(
        DomainView(title, getattr(row, f"{key}_strengths"), getattr(row, f"{key}_needs"), getattr(row, f"{key}_views"))
        for key, title in DOMAINS
    )
    return AssessmentView(
        row.pk, row.started_on, display_name(row.started_by), domains, row.summary, row.agreed_actions
    )


def _action_view(action: MeetingAction, today: dt.date, *, what: str | None = None, shown: bool = True, **extra):
    done = getattr(action, "done", None) is not None
    return ActionView(
        action.pk, action.owner_id, display_name(action.owner), action.due_on, done, not done and action.due_on < today,
        action.what if shown else what, **extra,
    )


def _meeting_view(row: Meeting, names: dict[int, str], today: dt.date) -> MeetingView:
    return MeetingView(
        row.pk, row.held_on, names.get(row.subject_id, ""),
        tuple(display_name(u) for u in row.practitioners.all()),
        tuple(names.get(p.pk, p.reference) for p in row.family_present.all()),
        row.others_present, row.agreed,
        tuple(_action_view(a, today) for a in row.actions.all()),
        display_name(row.recorded_by),
    )


def _decided(
    user: AbstractBaseUser, people: list[Person], *, context: str, categories=(Category.BASIC, Category.SENSITIVE)
):
    viewer = viewer_for(user)
    facts = load_facts(user, people, viewer)
    rules = purpose_rules()
    views = disclose_people(
        user, people, context=context, categories=categories, viewer=viewer, facts=facts, rules=rules,
        with_notes=False, with_details=False, with_contacts=False,
    )
    return viewer, facts, rules, views


def disclose_together(user: AbstractBaseUser, family: Family, *, context: str = "page:together") -> TogetherView:
    """The "working with this family" page: who is involved with each person, assessments, team
    meetings and the lead professional, each only as far as the decisions permit (module docstring)."""
    people = list(with_subject_facts(reachable_people(user).filter(family=family), user))
    for person in people:
        person.family = family
    people.sort(key=lambda p: (p.kind != PersonKind.CHILD, p.reference))
    viewer, _facts, _rules, views = _decided(user, people, context=context)
    shown = [v for v in views if v.basic is not None]
    if not shown:
        raise PermissionDenied
    names = {v.id: v.named for v in shown}
    basic = {v.id: v.basic_decision for v in views}
    sensitive: dict[int, Decision] = {v.id: v.sensitive_decision for v in views if v.sensitive_decision is not None}
    shown_ids = [v.id for v in shown]

    # Involvements: non-sensitive ones of the people shown; sensitive ones where their topic is opened.
    opened = permitted_condition(sensitive, topic="service__sensitive_topic")
    condition = Q(subject_id__in=shown_ids) & (Q(service__isnull=True) | Q(service__sensitive_topic="") | opened)
    involvements: dict[int, list[InvolvementView]] = defaultdict(list)
    for row in selectors.involvements(condition):
        if policy.involvement_shown(basic[row.subject_id], sensitive.get(row.subject_id),
                                    row.service.sensitive_topic if row.service else ""):
            involvements[row.subject_id].append(_involvement_view(row))
    outlined = selectors.outlined_subjects(shown_ids, opened) if shown_ids else set()

    casework = permitted_condition(sensitive, only=policy.CASEWORK_TOPIC)
    assessments: dict[int, list[AssessmentView]] = defaultdict(list)
    meetings: dict[int, list[MeetingView]] = defaultdict(list)
    if casework:
        allowed = {pk for pk in shown_ids if policy.casework_shown(sensitive.get(pk))}
        today = timezone.localdate()
        for row in selectors.assessments(allowed):
            assessments[row.subject_id].append(_assessment_view(row))
        for row in selectors.meetings(allowed):
            meetings[row.subject_id].append(_meeting_view(row, names, today))

    leads = [_lead_view(row) for row in selectors.lead_professionals(family.pk)]
    work = [
        PersonWork(
            subject=v,
            involvements=tuple(involvements.get(v.id, ())),
            another_service=v.id in outlined,
            assessments=tuple(assessments.get(v.id, ())) if policy.casework_shown(v.sensitive_decision) else None,
            meetings=tuple(meetings.get(v.id, ())) if policy.casework_shown(v.sensitive_decision) else None,
        )
        for v in shown
    ]
    family_view = FamilyView(
        reference=family.reference, centre_id=family.centre_id, centre_name=family.centre.name,
        version=family.version, people=views, address=None, capabilities=policy.capabilities(viewer, family.centre_id),
    )
    return TogetherView(family_view, work, leads[0] if leads else None, leads)


# --- Acting: each decided first ---------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentChance:
    """A person whose basic information is shown, and whether an assessment may be started now."""

    subject: SubjectView
    decision: Decision


def assessment_chance(user: AbstractBaseUser, person: Person, *, context: str) -> AssessmentChance:
    """The person (403 unless their basic information is shown) and the policy's answer to "may an
    assessment of them be started now?" (explicit, informed consent to the assessment, issue 15)."""
    people = list(with_subject_facts(Person.objects.filter(pk=person.pk).select_related("family"), user))
    viewer, facts, rules, views = _decided(user, people, context=context, categories=(Category.BASIC,))
    if views[0].basic is None:
        raise PermissionDenied
    decision = policy.assessment_start(
        viewer, facts.subjects[person.pk], timezone.now(),
        lapse_at_review=settings.SHARING_CONSENT_LAPSES_AT_REVIEW,
        purposes={slug: rule for slug, (_pk, rule) in rules.items()},
    )
    return AssessmentChance(views[0], decision)


def _assessment_decision(user: AbstractBaseUser, person: Person) -> Decision:
    people = list(with_subject_facts(Person.objects.filter(pk=person.pk).select_related("family"), user))
    viewer = viewer_for(user)
    facts = load_facts(user, people, viewer)
    rules = purpose_rules()
    return policy.assessment_start(
        viewer, facts.subjects[person.pk], timezone.now(),
        lapse_at_review=settings.SHARING_CONSENT_LAPSES_AT_REVIEW,
        purposes={slug: rule for slug, (_pk, rule) in rules.items()},
    )


@transaction.atomic
def assessment_start(user: AbstractBaseUser, person: Person, **content: str) -> Assessment:
    """Start a common assessment, decided again at the moment of writing (consent may have changed)."""
    decision = _assessment_decision(user, person)
    if not decision.permitted:
        raise ValidationError(decision.reason)
    return services.assessment_record(subject=person, started_by=user, consent_id=decision.consent_id, **content)


@transaction.atomic
def meeting_hold(user: AbstractBaseUser, family: Family, subject: Person, **details) -> Meeting:
    """Record a team-around-the-family meeting about a child's plan. Like the assessment it follows,
    it needs the family's consent to the assessment (CAF) for that child."""
    decision = _assessment_decision(user, subject)
    if not decision.permitted:
        raise ValidationError({"subject": decision.reason})
    return services.meeting_record(family=family, subject=subject, recorded_by=user, **details)


def family_people_shown(user: AbstractBaseUser, family: Family, *, context: str) -> list[SubjectView]:
    """The people of the family whose basic information is shown (for choosing who a record is
    about or who attended); 403 when nobody is."""
    people = list(with_subject_facts(reachable_people(user).filter(family=family), user))
    for person in people:
        person.family = family
    people.sort(key=lambda p: (p.kind != PersonKind.CHILD, p.reference))
    _viewer, _facts, _rules, views = _decided(user, people, context=context, categories=(Category.BASIC,))
    shown = [v for v in views if v.basic is not None]
    if not shown:
        raise PermissionDenied
    return shown


# --- The start page ----------------------------------------------------------------------------------


@dataclass
class StartTogether:
    leading: list[tuple[int, str]] = field(default_factory=list)
    mine: list[ActionView] = field(default_factory=list)
    overdue: list[ActionView] = field(default_factory=list)


def together_on_start(user: AbstractBaseUser) -> StartTogether:
    """The families the user is lead professional for, their open actions, and the overdue actions
    of the families they lead (issue 15). An action's words are a team meeting's record: shown only
    where the viewer's decision opens "Assessment (CAF)" for its child, decided and recorded here."""
    viewer = viewer_for(user)
    # Casework is the centre's (``may_work_together``): external practitioners and the Caldicott
    # Guardian lead no family and own no action, so their start page asks nothing more.
    if not policy.may_work_together(viewer, viewer.centre_id):
        return StartTogether()
    leading = selectors.families_led_by(user)
    today = timezone.localdate()
    actions = selectors.actions_for(user, [family_id for family_id, _ref in leading], today)
    if not actions:
        return StartTogether(leading=leading)
    subject_ids = {a.meeting.subject_id for a in actions}
    people = list(
        with_subject_facts(reachable_people(user).filter(pk__in=subject_ids).select_related("family"), user)
    )
    views = {
        v.id: v
        for v in disclose_people(
            user, people, context="page:together-start", with_notes=False, with_details=False, with_contacts=False,
            record_denials=False,
        )
    } if people else {}
    names = names_shown(list(views.values()))
    result = StartTogether(leading=leading)
    for action in actions:
        view = views.get(action.meeting.subject_id)
        reference = action.meeting.subject.reference
        shown = view is not None and policy.casework_shown(view.sensitive_decision)
        reason = "" if shown else (
            view.sensitive_decision.reason if view is not None and view.sensitive_decision is not None
            else "This record is not shared with you."
        )
        item = _action_view(
            action, today, shown=shown,
            subject=f"{names[reference]} ({reference})" if reference in names else reference,
            family_reference=action.meeting.family.reference, reason=reason,
        )
        (result.mine if action.owner_id == viewer.user_id else result.overdue).append(item)
    return result


def involvement_end(user: AbstractBaseUser, family: Family, involvement_id: str, ended_on: dt.date):
    """End an involvement the viewer is shown (one they see only in outline answers 404, like one that
    does not exist)."""
    view = disclose_together(user, family, context="page:involvement-end")
    shown = {i.id for work in view.people for i in work.involvements or ()}
    if not str(involvement_id).isdigit() or int(involvement_id) not in shown:
        raise Http404(NOT_FOUND)
    return services.involvement_end(
        involvement=Involvement.objects.get(pk=int(involvement_id)), recorded_by=user, ended_on=ended_on
    )


def action_complete(user: AbstractBaseUser, action_id: str):
    """Mark one's own open action done; anyone else's, or none, answers 404."""
    action = MeetingAction.objects.filter(pk=int(action_id)).first() if str(action_id).isdigit() else None
    if action is None or not policy.may_complete_action(viewer_for(user), action.owner_id):
        raise Http404(NOT_FOUND)
    return services.action_done(action=action, done_by=user)
