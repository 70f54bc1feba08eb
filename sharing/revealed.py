"""What a reveal hands to a page: view objects in which whatever is not permitted is absent.

A page renders these and nothing else; it never receives a ``Person``. Where something is
withheld the decision (with its reason) stands in its place.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sharing.policy import Decision


@dataclass(frozen=True)
class NoteView:
    id: int
    topic: str
    topic_label: str
    text: str
    created_at: dt.datetime
    author_name: str


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

    @property
    def is_expected(self) -> bool:
        return self.basic is not None and self.basic.date_of_birth is None

    @property
    def label(self) -> str:
        return self.basic.full_name if self.basic else self.reference

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
