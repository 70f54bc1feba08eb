"""The words the sharing rules are written in, without the ORM (POLICY.md "Words").

Everything the pure policy needs to name — categories, bases, kinds of override, capabilities —
is declared here once; models use the same enumerations for their choices.
"""
from __future__ import annotations

from enum import StrEnum

from django.db.models import TextChoices

from families.vocabulary import SensitiveTopic


class Category(StrEnum):
    BASIC = "basic"
    SENSITIVE = "sensitive"

    @property
    def label(self) -> str:
        return {"basic": "basic information", "sensitive": "sensitive information"}[self.value]


class CategoryChoice(TextChoices):
    BASIC = "basic", "Basic information"
    SENSITIVE = "sensitive", "Sensitive information"


# ¶17: anything more than basic is sensitive; in this product that is every note, by topic.
# (¶15: basic information is name, address, postcode and date of birth — nothing else.)
SENSITIVE_TOPICS = tuple(SensitiveTopic.values)


class Basis(TextChoices):
    """The only grounds on which something about a person may be revealed (POLICY.md)."""

    HEALTH_DUTY_OF_CARE = "health_duty_of_care", "Health duty of care (¶15)"
    EXPLICIT_CONSENT = "explicit_consent", "Explicit, informed consent (¶15, ¶17)"
    MEDICAL_PURPOSE = "medical_purpose", "Necessary for medical purposes"
    PUBLIC_INTEREST = "public_interest", "Public interest (¶10, ¶16, ¶18)"
    # POLICY.md "Decisions taken since": what you recorded yourself was never shared with you.
    RECORDED_BY_VIEWER = "recorded_by_viewer", "Recorded by you"
    # Issue 10: the family's own file, produced by their centre's manager for an open, identity-checked
    # request (sharing.policy.subject_access). Not a way to browse: one request, one file, recorded.
    SUBJECT_ACCESS = "subject_access", "Subject access request (UK GDPR Art. 15)"


class OverrideKind(TextChoices):
    PUBLIC_INTEREST = "public_interest", "Public interest (break the glass)"
    MEDICAL_PURPOSE = "medical_purpose", "Necessary for medical purposes"


class DiscussedWith(TextChoices):
    LINE_MANAGER = "line_manager", "Line manager"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Designated safeguarding lead"
    CALDICOTT_GUARDIAN = "caldicott_guardian", "Caldicott Guardian"


class ReviewOutcome(TextChoices):
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not_justified", "Not justified: follow up with the practitioner"


class ReviewerRole(TextChoices):
    """Who an override is routed to for review (issue 9 item 6): nobody reviews their own, so a
    centre manager's override goes to the local authority's Caldicott Guardian."""

    CENTRE_MANAGER = "centre_manager", "Centre manager"
    CALDICOTT_GUARDIAN = "caldicott_guardian", "Caldicott Guardian and designated safeguarding lead"


class Capability(StrEnum):
    """Acts a role may perform. Templates and views ask for these, never for a role."""

    REGISTER = "register"
    RECORD_CONSENT = "record_consent"
    EDIT_FAMILY = "edit_family"
    ADD_NOTE = "add_note"
    REVIEW = "review"
    VIEW_CONSENTS = "view_consents"
    OPEN_OVERRIDE = "open_override"
    OPEN_MEDICAL = "open_medical"
    REVIEW_OVERRIDES = "review_overrides"
    VIEW_TRAIL = "view_trail"
    SUBJECT_ACCESS = "subject_access"
    # Issue 15: refer a family member to a partner agency; see the referrals sent or received.
    REFER = "refer"
    REFERRALS = "referrals"
    VIEW_FIGURES = "view_figures"
    MANAGE_PROTOCOLS = "manage_protocols"
    # Issue 15: who is involved, the lead professional, team meetings, assessments.
    WORK_TOGETHER = "work_together"
    # Issue 13: record a Healthy Child Programme contact; hold a caseload (a named health visitor).
    RECORD_CONTACT = "record_contact"
    HOLD_CASELOAD = "hold_caseload"
    ASSIGN_HEALTH_VISITOR = "assign_health_visitor"
    TRANSFER_FAMILY = "transfer_family"
    # Issue 14: early notification (leaflet, maternity section) and new-birth data (¶15).
    SEND_NOTIFICATION = "send_notification"
    DECIDE_NOTIFICATIONS = "decide_notifications"
    IMPORT_BIRTHS = "import_births"


class NotificationBasis(TextChoices):
    """Why a notification was shown to someone (issue 14): only its sender and the named contact."""

    SENDER = "sender", "Sent it"
    NAMED_CONTACT = "named_contact", "The centre's named contact for early notifications"


class ProtocolData(TextChoices):
    """What an information sharing protocol covers (¶23). Covering individuals never permits a
    reveal by itself: each reveal is still decided by the gate, case by case (POLICY.md)."""

    FIGURES = "figures", "Group figures only"
    INDIVIDUAL = "individual", "Information about individuals"
    BOTH = "both", "Group figures and information about individuals"


class ProtocolStatus(TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"


class LegalBasis(TextChoices):
    """UK GDPR Article 6 lawful bases a protocol may rest on."""

    PUBLIC_TASK = "public_task", "Public task (UK GDPR Art. 6(1)(e))"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (UK GDPR Art. 6(1)(c))"
    CONSENT = "consent", "Consent (UK GDPR Art. 6(1)(a))"
    VITAL_INTERESTS = "vital_interests", "Vital interests (UK GDPR Art. 6(1)(d))"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests (UK GDPR Art. 6(1)(f))"


# Where a reveal was asked for, in words for managers (the log keeps the short code).
CONTEXT_LABELS = {
    "page:start": "Start page (list or search)",
    "page:family": "Family page",
    "page:family-edit": "Changing a family's address",
    "page:person-edit": "Correcting a person's details",
    "page:note-add": "Adding a note",
    "page:contact-add": "Recording a Healthy Child Programme contact",
    "page:caseload": "Start page (my families)",
    "page:consent-form": "Recording consent",
    "page:objection-form": "Recording an objection",
    "page:capacity-form": "Recording a capacity assessment",
    "page:privacy-notice-form": "Recording a privacy notice",
    "page:family-transfer": "Transferring a family to another centre",
    "print:consent-record": "Printed consent record",
    "duplicate check": "Duplicate check while registering a family",
    "subject access": "Subject access request file",
    "page:referral-new": "Referring to a partner agency",
    "page:referral-preview": "Previewing a referral pack",
    "page:referral": "A referral",
    "page:referrals": "The list of referrals",
    "referral:send": "Referral pack sent to a partner agency",
    "print:referral-pack": "Printed referral pack, for a partner agency",
    "export:referral-pack": "Referral pack as JSON, for a partner agency",
    "page:notifications": "Early notifications list",
    "page:notification": "Early notification",
    "page:together": "Working with the family (who is involved, assessments, meetings)",
    "page:together-start": "Start page (your actions from team meetings)",
    "page:involvement-add": "Recording who is involved",
    "page:assessment-new": "Starting an assessment (CAF)",
    "page:meeting-new": "Recording a team meeting",
    "page:lead-professional": "Setting the lead professional",
}


def context_label(context: str) -> str:
    return CONTEXT_LABELS.get(context, context.replace("page:", "").replace("-", " ").capitalize())
