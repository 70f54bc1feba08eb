"""A reveal to an organisation: what a referral pack may carry to a partner agency (issue 15).

Pure, like the rest of the policy. Only basis 2 lets information go to an agency: explicit,
informed, active consent that **names that agency**, for the purpose, covering the category and
topics (POLICY.md basis 2 "in scope"; consent box after ¶17: consent to the in-centre team never
covers an external agency). The other bases do not extend to an agency:

- the health duty of care (basis 1, ¶15) lets *health professionals* see basic details for
  delivering healthcare — an agency is neither;
- implied consent (basis 3) is never a basis for anyone outside health;
- medical purposes (basis 4) and public-interest overrides (basis 5) are personal to the
  practitioner who opened them, time-limited and reviewed: they open the record to that
  practitioner, never to an organisation they send it to.

What leaves is also what the sender may see: the practitioner sees exactly what will be sent
before sending, so the pack never carries what is not shared with them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone

from centres.vocabulary import JobRole
from families.vocabulary import SensitiveTopic
from sharing.policy.capabilities import may_view_consents
from sharing.policy.decide import FamilyChoice, _consent_reason, _explicit_consent, _redacted
from sharing.policy.facts import Decision, SubjectFacts, Viewer
from sharing.policy.purposes import DEFAULT_PURPOSE_RULES, PurposeRule, purpose_problem
from sharing.policy.wording import purpose_text
from sharing.vocabulary import Basis, Category

BASIC_LABEL = "Basic information (name, date of birth, address)"
NOT_SHARED_WITH_SENDER = "It is not shared with you, so you cannot see or send it: {reason}"
NEEDS_BASIC = "Without basic information the agency would not know whose it is, so nothing else can be sent"


def agency_recipient(agency_id: int, name: str) -> Viewer:
    """The agency as the recipient of a reveal: an organisation whose practitioners are external."""
    return Viewer(
        user_id=None, username="", role=JobRole.EXTERNAL_PRACTITIONER, agency_id=agency_id,
        workplace_name=name, organisation=True,
    )


def may_refer(viewer: Viewer, family_centre_id: int | None) -> bool:
    """The centre's own practitioners refer its families (not agencies, not the data officer, not
    the local authority's Caldicott Guardian, who reaches no family)."""
    return (
        viewer.has_practitioner_role
        and not viewer.is_external
        and viewer.role != JobRole.DATA_OFFICER
        and viewer.centre_id is not None
        and viewer.centre_id == family_centre_id
    )


def may_list_referrals(viewer: Viewer) -> bool:
    """The referrals page: a centre's referring practitioners (theirs sent) and an agency's (received)."""
    return may_refer(viewer, viewer.centre_id) or (viewer.has_practitioner_role and viewer.is_external)


def may_see_referral(viewer: Viewer, centre_id: int, agency_id: int) -> bool:
    """A referral is seen by the practitioners of the centre that sent it and of the agency it was
    sent to (¶13 need to know); to anyone else its number answers 404."""
    return may_refer(viewer, centre_id) or may_respond_to_referral(viewer, agency_id)


def may_respond_to_referral(viewer: Viewer, agency_id: int) -> bool:
    """The agency's own practitioners accept or decline a referral sent to it."""
    return viewer.has_practitioner_role and viewer.is_external and viewer.agency_id == agency_id


def decide_for_agency(
    sender: Viewer,
    agency: Viewer,
    subject: SubjectFacts,
    category: Category,
    purpose: str,
    at: dt.datetime | None = None,
    *,
    lapse_at_review: bool = False,
    purposes: Mapping[str, PurposeRule] | None = None,
) -> Decision:
    """May ``sender`` send this category of ``subject`` to the agency, for this purpose? Basis 2 only."""
    at = at or timezone.now()
    category = Category(category)
    rules = purposes if purposes is not None else DEFAULT_PURPOSE_RULES

    def deny(reason: str) -> Decision:
        return Decision(False, subject.person_id, category, purpose, f"{reason[0].upper()}{reason[1:]}.")

    if not may_refer(sender, subject.centre_id):
        return deny(f"only the practitioners of {subject.reference}'s centre can refer them to an agency")
    if not subject.reachable:
        return deny(f"{subject.reference} is not a family of your centre")
    # POLICY.md "Decisions taken since": the sender asserts the purpose, one their role acts for;
    # and the agency's practitioners must act for it too (healthcare is for health professionals).
    asserted = purpose_problem(sender, purpose, rules)
    if asserted is not None:
        return deny(asserted)
    rule = rules.get(purpose)
    if rule is None or agency.role not in rule.roles:
        return deny(
            f"{agency.workplace_name} does not work for {purpose_text(purpose)} — choose a purpose the agency works for"
        )

    consent, problems = _explicit_consent(subject, agency, category, purpose, at, lapse_at_review)
    if consent is not None:
        return Decision(
            True, subject.person_id, category, purpose,
            f"{_consent_reason(consent)}, naming {agency.workplace_name}",
            basis=Basis.EXPLICIT_CONSENT, consent_id=consent.id,
            topics=consent.sensitive_topics if category is Category.SENSITIVE else frozenset(),
        )
    main = problems[0] if problems else (
        f"no explicit consent names {agency.workplace_name} for {category.label} for {purpose_text(purpose)} — "
        "only consent naming the agency lets information go to it (the health duty of care and overrides "
        "never do); record consent that names it"
    )
    if isinstance(main, FamilyChoice) and not may_view_consents(sender, subject.centre_id):
        main = _redacted(category, agency, purpose)
    return deny(main)


@dataclass(frozen=True)
class PackPlan:
    """What goes in the pack, and what was asked for but is left out, each with the reason."""

    basic: bool
    topics: frozenset[str]
    left_out: tuple[tuple[str, str], ...]

    @property
    def sendable(self) -> bool:
        return self.basic


def _topic_label(topic: str) -> str:
    return SensitiveTopic(topic).label if topic in SensitiveTopic.values else topic


def pack_plan(
    *,
    asked_basic: bool,
    asked_topics: Iterable[str],
    to_agency: Mapping[Category, Decision],
    to_sender: Mapping[Category, Decision],
    agency_name: str,
) -> PackPlan:
    """The pack: what the agency may receive (``to_agency``) and the sender may see (``to_sender``),
    of what was asked. Deny by default: anything not permitted on both sides is left out."""
    left_out: list[tuple[str, str]] = []
    basic = False
    if asked_basic:
        agency_b, sender_b = to_agency[Category.BASIC], to_sender[Category.BASIC]
        if not agency_b.permitted:
            left_out.append((BASIC_LABEL, agency_b.reason))
        elif not sender_b.permitted:
            left_out.append((BASIC_LABEL, NOT_SHARED_WITH_SENDER.format(reason=sender_b.reason)))
        else:
            basic = True
    topics: set[str] = set()
    agency_s, sender_s = to_agency.get(Category.SENSITIVE), to_sender.get(Category.SENSITIVE)
    for topic in sorted(set(asked_topics)):
        label = _topic_label(topic)
        if agency_s is None or not agency_s.permitted:
            left_out.append((label, agency_s.reason if agency_s else NEEDS_BASIC))
        elif topic not in agency_s.topics:
            left_out.append((label, f"The consent naming {agency_name} does not cover {label.lower()}."))
        elif sender_s is None or not sender_s.permitted or topic not in sender_s.topics:
            reason = sender_s.reason if sender_s is not None and not sender_s.permitted else (
                f"Your basis for seeing this record does not cover {label.lower()}."
            )
            left_out.append((label, NOT_SHARED_WITH_SENDER.format(reason=reason)))
        elif not basic:
            left_out.append((label, f"{NEEDS_BASIC}."))
        else:
            topics.add(topic)
    return PackPlan(basic=basic, topics=frozenset(topics), left_out=tuple(left_out))
