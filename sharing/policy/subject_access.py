"""Subject access (POLICY.md, consent box after ¶17; UK GDPR Art. 15): the family's own file.

A centre manager is not normally permitted to see sensitive notes. Producing a subject access
file is a different act: the controller must give the person everything it holds about them, and
the manager is the one who checks it before release. So it is a basis of its own, granted here
and nowhere else, only when all of these hold (deny by default):

- the viewer is the manager of the subject's centre (``Capability.SUBJECT_ACCESS``);
- there is an open request naming the subject or their family, whose requester's identity was
  checked;

and every reveal under it is recorded with the context "subject access".
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sharing.policy.capabilities import may_handle_subject_access
from sharing.policy.facts import Decision, Viewer
from sharing.policy.purposes import default_purpose_for
from sharing.vocabulary import Basis, Category

SUBJECT_ACCESS_CONTEXT = "subject access"


@dataclass(frozen=True)
class RequestFacts:
    """An open subject access request, as the policy needs it."""

    request_id: int
    centre_id: int
    identity_checked: bool
    released: bool = False


def due_on(received_on: dt.date) -> dt.date:
    """One calendar month (ICO): the same day next month, or its last day if there is no such day."""
    year, month = (received_on.year + 1, 1) if received_on.month == 12 else (received_on.year, received_on.month + 1)
    return dt.date(year, month, min(received_on.day, calendar.monthrange(year, month)[1]))


def decide_subject_access(
    viewer: Viewer, subject_id: int, subject_centre_id: int, category: Category, request: RequestFacts | None
) -> Decision:
    purpose = default_purpose_for(viewer)
    category = Category(category)
    if not may_handle_subject_access(viewer, subject_centre_id):
        return Decision(False, subject_id, category, purpose,
                        "Only the manager of the family's centre can produce a subject access file")
    if request is None or request.centre_id != subject_centre_id:
        return Decision(False, subject_id, category, purpose, "There is no open subject access request for this person")
    if request.released:
        return Decision(False, subject_id, category, purpose, "This subject access request has already been released")
    if not request.identity_checked:
        return Decision(False, subject_id, category, purpose,
                        "The requester's identity has not been checked: check it before producing the file")
    return Decision(
        True, subject_id, category, purpose,
        f"Shown to produce the subject access file for request {request.request_id} (UK GDPR Article 15)",
        basis=Basis.SUBJECT_ACCESS,
    )
