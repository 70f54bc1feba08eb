"""What a reveal hands to a page: view objects in which whatever is not permitted is absent.

A page renders these and nothing else; it never receives a ``Person``. Where something is
withheld the decision (with its reason) stands in its place.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from families.schedule import ScheduledReview, review_window
from families.vocabulary import ETHNIC_GROUP_OF, Ethnicity, Review, Sex
from sharing.policy import Decision


@dataclass(frozen=True)
class NoteAmendmentView:
    """One correction to a note (issue 13): the words as amended, why, who and when."""

    text: str
    reason: str
    amended_by_name: str
    amended_at: dt.datetime


@dataclass(frozen=True)
class NoteView:
    id: int
    topic: str
    topic_label: str
    text: str
    created_at: dt.datetime
    author_name: str
    contact_date: dt.date | None = None  # issue 13: when the contact happened (None on older notes)
    # Issue 13: corrections, oldest first; ``text`` is the original as written. Fetched with the
    # note, so an amendment is shown exactly where its note is.
    amendments: tuple[NoteAmendmentView, ...] = ()
    may_amend: bool = False  # the viewer wrote it (sharing.policy.may_amend_note)

    @property
    def contact_day(self) -> dt.date:
        return self.contact_date or self.created_at.date()

    @property
    def current_text(self) -> str:
        """What the note now says: the latest amendment's words, else the original."""
        return self.amendments[-1].text if self.amendments else self.text


@dataclass(frozen=True)
class ContactView:
    """A Healthy Child Programme contact as a viewer may see it (issue 13). ``breastfeeding_label``
    is None where the breastfeeding topic is not shared with the viewer (the finding is absent)."""

    id: int
    review: str
    review_label: str
    contact_date: dt.date
    place_label: str
    present: str
    outcome: str
    outcome_label: str
    breastfeeding_label: str | None
    note: str
    recorded_by_name: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class BasicDetails:
    """¶15: basic information — name, address, postcode, date of birth."""

    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    due_date: dt.date | None
    relationships: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name if self.first_name else f"Expected baby {self.last_name}".strip()


@dataclass(frozen=True)
class PersonalDetails:
    """Other personal details (issue 13): sensitive, under ``SensitiveTopic.PERSONAL_DETAILS``.

    ¶15 makes basic information name, address, postcode and date of birth only; everything here is
    more than that. Present on a ``SubjectView`` only when the decision opens that topic."""

    nhs_number: str  # formatted 3-3-4, "" when not recorded
    sex: str
    ethnicity: str
    preferred_language: str
    interpreter_needed: bool | None
    phone: str
    gp_practice: str

    @property
    def sex_label(self) -> str:
        return Sex(self.sex).label if self.sex in Sex.values else ""

    @property
    def ethnicity_label(self) -> str:
        if self.ethnicity not in Ethnicity.values:
            return ""
        label, group = Ethnicity(self.ethnicity).label, ETHNIC_GROUP_OF[self.ethnicity]
        return label if group == "Not stated" else f"{group}: {label}"

    @property
    def interpreter_label(self) -> str:
        return {True: "Yes", False: "No", None: ""}[self.interpreter_needed]


@dataclass(frozen=True)
class SubjectView:
    """What a viewer may see of one person. Absent parts are None, with the decision's reason."""

    id: int
    reference: str
    family_reference: str
    kind: str
    kind_label: str
    basic_decision: Decision
    basic: BasicDetails | None = None
    sensitive_decision: Decision | None = None
    notes: tuple[NoteView, ...] | None = None
    # Notes the viewer wrote that the decision above does not open: shown as "recorded by you".
    own_notes: tuple[NoteView, ...] = ()
    own_notes_decision: Decision | None = None
    # Other personal details: None unless the sensitive decision opens SensitiveTopic.PERSONAL_DETAILS.
    details: PersonalDetails | None = None
    # Issue 13: Healthy Child Programme contacts (¶17 attendance), None where not shared; the
    # schedule with each review's status is built from them, so it is absent with them.
    contacts: tuple[ContactView, ...] | None = None
    own_contacts: tuple[ContactView, ...] = ()
    schedule: tuple[ScheduledReview, ...] | None = None

    @property
    def review_windows(self) -> list[tuple[str, dt.date | None, dt.date | None]]:
        """When each review is due, from the date of birth or due date alone (basic information):
        shown where the schedule's statuses (attendance, sensitive) are not."""
        if self.basic is None or self.kind != "child":
            return []
        rows = []
        for review in Review:
            window = review_window(review, date_of_birth=self.basic.date_of_birth, due_date=self.basic.due_date)
            rows.append((review.label, *(window or (None, None))))
        return rows

    @property
    def is_expected(self) -> bool:
        return self.basic is not None and self.basic.date_of_birth is None

    @property
    def label(self) -> str:
        return self.basic.full_name if self.basic else self.reference

    @property
    def named(self) -> str:
        """ "Alice Adams (ADA-P1)" where the name is the viewer's to see, else the reference."""
        return f"{self.basic.full_name} ({self.reference})" if self.basic else self.reference

    @property
    def override_basis(self) -> Decision | None:
        """The decision that relied on an override, for the banner saying so."""
        for decision in (self.basic_decision, self.sensitive_decision):
            if decision is not None and decision.override_id:
                return decision
        return None


@dataclass(frozen=True)
class AddressView:
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str


@dataclass
class FamilyView:
    reference: str
    centre_id: int
    centre_name: str
    version: int
    people: list[SubjectView]
    address: AddressView | None
    address_reason: str = ""
    warnings: tuple[str, ...] = ()
    capabilities: dict[str, bool] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """"Adams family" where the viewer may see a surname, else "Family ADA" (issue 9: names
        where they are the viewer's to see, references only where they are not)."""
        surnames = [p.basic.last_name for p in self.people if p.basic is not None and p.basic.last_name]
        if not surnames:
            return f"Family {self.reference}"
        return f"{max(set(surnames), key=surnames.count)} family"


def name_references(text: str, names: dict[str, str]) -> str:
    """Each reference the viewer may put a name to, written as "Name (REF)" (issue 9)."""
    if not names:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(ref) for ref in sorted(names, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: f"{names[m.group(1)]} ({m.group(1)})", text)


def names_shown(people: list[SubjectView]) -> dict[str, str]:
    return {p.reference: p.basic.full_name for p in people if p.basic is not None}


def with_names(decision: Decision | None, names: dict[str, str]) -> Decision | None:
    """The decision with each reference the viewer may put a name to written as "Name (REF)".

    Reasons are written by the pure policy with references only; the page knows which names it
    shows. The disclosure log keeps the reference-only wording.
    """
    if decision is None or not names:
        return decision
    return replace(decision, reason=name_references(decision.reason, names))
