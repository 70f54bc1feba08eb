"""What the policy decides over and what it answers: plain, frozen data, loaded elsewhere."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from centres.vocabulary import HEALTH_PROFESSIONAL_ROLES, JobRole
from consent.decisions import ConsentFacts
from sharing.vocabulary import Basis, Category

__all__ = ["ConsentFacts", "Decision", "OverrideFacts", "SubjectFacts", "Viewer"]


@dataclass(frozen=True)
class Viewer:
    """The practitioner who would see the information."""

    user_id: int | None
    username: str
    role: JobRole | None
    centre_id: int | None = None
    agency_id: int | None = None
    workplace_name: str = ""
    # Issue 15: the recipient is an organisation (a partner agency receiving a referral pack), not
    # a signed-in person; reasons then name the agency rather than saying "your agency".
    organisation: bool = False
    # The centre whose early notifications this viewer receives as its named contact (maternity section).
    notification_contact_for: int | None = None

    @property
    def has_practitioner_role(self) -> bool:
        return self.role is not None

    @property
    def is_health_professional(self) -> bool:
        return self.role in HEALTH_PROFESSIONAL_ROLES

    @property
    def is_external(self) -> bool:
        return self.agency_id is not None


@dataclass(frozen=True)
class OverrideFacts:
    id: int
    kind: str
    opened_by_id: int
    categories: frozenset[str]
    opened_at: dt.datetime
    expires_at: dt.datetime
    # Issue 9 items 6 and 10: one opened beyond the limit counts only once approved; one ended
    # early is expired from its end.
    approved: bool = True
    ended_at: dt.datetime | None = None


@dataclass(frozen=True)
class SubjectFacts:
    """Everything about one subject that bears on a decision."""

    person_id: int
    reference: str
    is_child: bool
    date_of_birth: dt.date | None
    reachable: bool
    consents: tuple[ConsentFacts, ...] = ()
    objected_at: dt.datetime | None = None
    # For a parent/carer: the dates of birth of the children they are registered carer of
    # (None for a child not yet born).
    cared_for_birth_dates: tuple[dt.date | None, ...] = ()
    privacy_notice_given_on: dt.date | None = None
    overrides: tuple[OverrideFacts, ...] = ()
    # The subject's centre: whose consent workers may be told what the family decided.
    centre_id: int | None = None


@dataclass(frozen=True)
class Decision:
    """The answer to "may this viewer see this category of this subject, for this purpose?"."""

    permitted: bool
    subject_id: int
    category: Category
    purpose: str
    reason: str
    basis: Basis | None = None
    consent_id: int | None = None
    override_id: int | None = None
    # For sensitive information: the topics this decision reveals (all of them under bases 4
    # and 5; those the consent names under basis 2).
    topics: frozenset[str] = field(default_factory=frozenset)
    warnings: tuple[str, ...] = ()
