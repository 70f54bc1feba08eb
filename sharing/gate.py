"""The gate: the one door every screen, print, export and command takes to a person.

Views import this module and nothing else of ``sharing`` for access and reveals. Behind it:

- ``sharing.access`` — reach an object or get a 404; act or get a 403;
- ``sharing.disclose`` — decide, fetch only what is permitted, record, in one transaction;
- ``sharing.revealed`` — the view objects a page renders (absent where not permitted).
"""
from sharing.access import NOT_FOUND, allowed, centres_for, family_for, person_for, require
from sharing.disclose import (
    assertable_purposes,
    caseload,
    decisions_for,
    disclose_family,
    disclose_family_and_facts,
    disclose_note_for_amendment,
    disclose_people,
    disclose_person_for_edit,
    disclose_person_shown,
    duplicate_summaries,
    family_page,
    visible_people,
    worklist,
)
from sharing.intake import NotificationLists, notification_for, notification_lists
from sharing.loading import viewer_for
from sharing.policy import capabilities, override_reviewer_for
from sharing.revealed import FamilyView, SubjectView
from sharing.together import (
    AssessmentChance,
    TogetherView,
    action_complete,
    assessment_chance,
    assessment_start,
    disclose_together,
    family_people_shown,
    involvement_end,
    lead_professional_view,
    meeting_hold,
    together_on_start,
)
from sharing.vocabulary import Capability

__all__ = [
    "AssessmentChance",
    "TogetherView",
    "action_complete",
    "assessment_chance",
    "assessment_start",
    "disclose_together",
    "family_people_shown",
    "involvement_end",
    "lead_professional_view",
    "meeting_hold",
    "together_on_start",
    "NOT_FOUND",
    "Capability",
    "NotificationLists",
    "FamilyView",
    "SubjectView",
    "allowed",
    "assertable_purposes",
    "caseload",
    "centres_for",
    "capabilities",
    "decisions_for",
    "disclose_family",
    "disclose_family_and_facts",
    "disclose_people",
    "disclose_note_for_amendment",
    "disclose_person_for_edit",
    "disclose_person_shown",
    "duplicate_summaries",
    "family_for",
    "family_page",
    "notification_for",
    "notification_lists",
    "override_reviewer_for",
    "person_for",
    "require",
    "viewer_for",
    "visible_people",
    "worklist",
]
