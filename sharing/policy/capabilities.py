"""What a role may do (register, record consent, review, …), decided here like every reveal.

Views and templates ask ``capable(viewer, Capability.X, centre_id)``; none of them tests a role.
"""
from __future__ import annotations

from collections.abc import Callable

from centres.vocabulary import JobRole
from sharing.policy.facts import Viewer
from sharing.vocabulary import Capability, NotificationBasis, OverrideKind, ReviewerRole

# Who may register families and record consent: the health visitors and midwives who meet them.
REGISTERING_ROLES = frozenset({JobRole.HEALTH_VISITOR, JobRole.MIDWIFE})
REVIEWING_ROLES = frozenset({JobRole.CENTRE_MANAGER})


def may_register_families(viewer: Viewer) -> bool:
    return viewer.role in REGISTERING_ROLES and viewer.centre_id is not None


def may_record_consent(viewer: Viewer, family_centre_id: int) -> bool:
    return may_register_families(viewer) and viewer.centre_id == family_centre_id


def may_add_notes(viewer: Viewer, family_centre_id: int) -> bool:
    # Notes are written by the centre's own practitioners, never by external agencies.
    return viewer.has_practitioner_role and not viewer.is_external and viewer.centre_id == family_centre_id


def may_amend_note(viewer: Viewer, author_id: int | None) -> bool:
    """Issue 13: a note is corrected only by its author, by an amendment that keeps the original
    (who, when, why). Nobody corrects another practitioner's words; the gate also requires that the
    note is shown to the author (``sharing.disclose.disclose_note_for_amendment``), which a note
    they wrote always is (POLICY.md "Decisions taken since": what you recorded yourself)."""
    return viewer.user_id is not None and author_id is not None and viewer.user_id == author_id


def may_edit_family(viewer: Viewer, family_centre_id: int) -> bool:
    return may_record_consent(viewer, family_centre_id)


def may_review(viewer: Viewer, centre_id: int | None = None) -> bool:
    """Managers review their own centre's disclosures and overrides (POLICY.md basis 4, 5)."""
    if viewer.role not in REVIEWING_ROLES or viewer.centre_id is None:
        return False
    return centre_id is None or centre_id == viewer.centre_id


def may_open_override(viewer: Viewer, kind: str) -> bool:
    # Overrides are opened on someone within the practitioner's centre: not by external agencies,
    # nor by the local authority's Caldicott Guardian, who reaches no family (issue 9 item 6).
    if not viewer.has_practitioner_role or viewer.is_external or viewer.centre_id is None:
        return False
    if kind == OverrideKind.MEDICAL_PURPOSE:
        return viewer.is_health_professional
    return True


def override_reviewer_for(opener: Viewer) -> ReviewerRole:
    """Who reviews an override, decided when it is opened (issue 9 item 6, POLICY.md "Decisions
    taken since": nobody reviews their own). A centre manager's goes to the Caldicott Guardian /
    designated safeguarding lead (¶14); everyone else's to the manager of the subject's centre."""
    if opener.role == JobRole.CENTRE_MANAGER:
        return ReviewerRole.CALDICOTT_GUARDIAN
    return ReviewerRole.CENTRE_MANAGER


def may_review_overrides(viewer: Viewer) -> bool:
    """Whether the viewer has a review queue at all: a centre manager, or the Caldicott Guardian."""
    if viewer.role == JobRole.CALDICOTT_GUARDIAN:
        return True
    return viewer.role in REVIEWING_ROLES and viewer.centre_id is not None


def may_review_override(viewer: Viewer, centre_id: int, review_by: str, opened_by_id: int | None) -> bool:
    """The routing rule (issue 9 items 6 and 10): the manager of the subject's centre reviews the
    overrides routed to managers; the Caldicott Guardian reviews those routed to them, across
    centres; nobody reviews their own. The same person approves one opened beyond the limit, and
    may open the subject's family's "who has seen" page."""
    if viewer.user_id is None or viewer.user_id == opened_by_id:
        return False
    if review_by == ReviewerRole.CALDICOTT_GUARDIAN:
        return viewer.role == JobRole.CALDICOTT_GUARDIAN
    return viewer.role in REVIEWING_ROLES and viewer.centre_id is not None and viewer.centre_id == centre_id


def may_end_override(viewer: Viewer, centre_id: int, review_by: str, opened_by_id: int | None) -> bool:
    """An override may be ended early by the one who opened it or by its reviewer (issue 9 item 10)."""
    if viewer.user_id is not None and viewer.user_id == opened_by_id:
        return True
    return may_review_override(viewer, centre_id, review_by, opened_by_id)


def may_view_consents(viewer: Viewer, family_centre_id: int) -> bool:
    """Consent records (and who refused or withdrew, and when) are for those who do consent work:
    the centre's health visitors and midwives, and its manager (¶13 need to know)."""
    return may_record_consent(viewer, family_centre_id) or may_review(viewer, family_centre_id)


def may_view_trail(viewer: Viewer, centre_id: int | None = None) -> bool:
    """Who saw what, when, on what basis (issue 10): the centre's manager for their own centre, and
    the local authority's Caldicott Guardian across every centre (¶14: the guardian of the
    authority's information)."""
    return viewer.role == JobRole.CALDICOTT_GUARDIAN or may_review(viewer, centre_id)


def may_handle_subject_access(viewer: Viewer, centre_id: int | None = None) -> bool:
    """A subject access request is opened, produced and released by the family's centre manager."""
    return may_review(viewer, centre_id)


def may_send_notification(viewer: Viewer) -> bool:
    """Maternity section, step 1: the midwife or health visitor who met the family sends it."""
    return may_register_families(viewer)


def may_decide_notifications(viewer: Viewer, centre_id: int | None) -> bool:
    """Step 5: the centre's named contact checks the consent and accepts or declines."""
    return viewer.has_practitioner_role and centre_id is not None and viewer.notification_contact_for == centre_id


def may_import_births(viewer: Viewer) -> bool:
    """¶15: new birth data is shared with the family's local centres on a systematic basis; the
    file from the health trust is uploaded by a centre manager or a health visitor."""
    return viewer.centre_id is not None and viewer.role in {JobRole.CENTRE_MANAGER, JobRole.HEALTH_VISITOR}


def may_see_notification(viewer: Viewer, *, sender_id: int, centre_id: int) -> str | None:
    """Who a notification is revealed to, and on what basis (``NotificationBasis``); None is a 404.

    A notification is person data before any family exists (issue 14): its sender sees it always
    (they recorded it — POLICY.md "recorded by you"); so does the centre's named contact, whose
    decision it waits for. Nobody else, managers included. Once declined or refused it holds
    nothing about the family any more (``intake.services``): only the outcome and why.
    """
    if not viewer.has_practitioner_role or viewer.user_id is None:
        return None
    if viewer.user_id == sender_id:
        return NotificationBasis.SENDER
    if viewer.notification_contact_for == centre_id:
        return NotificationBasis.NAMED_CONTACT
    return None


def may_view_figures(viewer: Viewer, centre_id: int | None = None) -> bool:
    """Reach-area figures (issue 14, ¶19–22): group counts, never a person. For the centre's manager
    (their own centre) and the local authority's Caldicott Guardian (every centre), who plan and
    monitor services (monitoring and evaluation); practitioners work with families, not figures."""
    return viewer.role == JobRole.CALDICOTT_GUARDIAN or may_review(viewer, centre_id)


def may_manage_protocols(viewer: Viewer, centre_id: int | None = None) -> bool:
    """The register of information sharing protocols (¶23) is kept by the centre's manager."""
    return may_review(viewer, centre_id)


def may_work_together(viewer: Viewer, family_centre_id: int | None) -> bool:
    """Casework for a family (who is involved, lead professional, team meetings, assessments) is done by
    the practitioners of the family's centre — its multi-agency team and manager — never by an
    external agency from here (¶23: access follows job role)."""
    return (
        viewer.has_practitioner_role
        and not viewer.is_external
        and viewer.centre_id is not None
        and viewer.centre_id == family_centre_id
    )


def may_record_contact(viewer: Viewer, family_centre_id: int) -> bool:
    """Healthy Child Programme contacts are recorded by the centre's health professionals — its
    health visitors and midwives (¶15: delivering the Healthy Child Programme), never by an agency."""
    return viewer.is_health_professional and not viewer.is_external and viewer.centre_id == family_centre_id


def may_hold_caseload(viewer: Viewer) -> bool:
    """A named health visitor has a caseload ("my families", issue 13)."""
    return viewer.role == JobRole.HEALTH_VISITOR and viewer.centre_id is not None
def may_transfer_family(viewer: Viewer, family_centre_id: int | None = None) -> bool:
    """Issue 13: when a family moves, the manager of the centre it is registered with transfers it
    (¶13 need to know follows the family; the manager answers for the centre's records)."""
    return may_review(viewer, family_centre_id)


_CHECKS: dict[Capability, Callable[[Viewer, int | None], bool]] = {
    Capability.REGISTER: lambda viewer, centre_id: may_register_families(viewer),
    Capability.RECORD_CONSENT: may_record_consent,
    Capability.EDIT_FAMILY: may_edit_family,
    Capability.ADD_NOTE: may_add_notes,
    Capability.REVIEW: may_review,
    Capability.VIEW_CONSENTS: may_view_consents,
    Capability.OPEN_OVERRIDE: lambda viewer, centre_id: may_open_override(viewer, OverrideKind.PUBLIC_INTEREST),
    Capability.OPEN_MEDICAL: lambda viewer, centre_id: may_open_override(viewer, OverrideKind.MEDICAL_PURPOSE),
    Capability.REVIEW_OVERRIDES: lambda viewer, centre_id: may_review_overrides(viewer),
    Capability.VIEW_TRAIL: may_view_trail,
    Capability.SUBJECT_ACCESS: may_handle_subject_access,
    Capability.REFER: lambda viewer, centre_id: _referral_rules().may_refer(viewer, centre_id),
    Capability.REFERRALS: lambda viewer, centre_id: _referral_rules().may_list_referrals(viewer),
    Capability.SEND_NOTIFICATION: lambda viewer, centre_id: may_send_notification(viewer),
    Capability.DECIDE_NOTIFICATIONS: may_decide_notifications,
    Capability.IMPORT_BIRTHS: lambda viewer, centre_id: may_import_births(viewer),
    Capability.VIEW_FIGURES: may_view_figures,
    Capability.MANAGE_PROTOCOLS: may_manage_protocols,
    Capability.WORK_TOGETHER: may_work_together,
    Capability.RECORD_CONTACT: may_record_contact,
    Capability.HOLD_CASELOAD: lambda viewer, centre_id: may_hold_caseload(viewer),
    # Issue 13: the centre's manager changes a family's named health visitor.
    Capability.ASSIGN_HEALTH_VISITOR: may_review,
    Capability.TRANSFER_FAMILY: may_transfer_family,
}


def _referral_rules():
    # Imported late: sharing.policy.referral builds on decide, which imports this module.
    from sharing.policy import referral

    return referral


def capable(viewer: Viewer, capability: Capability, centre_id: int | None = None) -> bool:
    """Whether the viewer may do this, at this centre (their own when ``centre_id`` is None)."""
    return _CHECKS[Capability(capability)](viewer, viewer.centre_id if centre_id is None else centre_id)


def capabilities(viewer: Viewer, centre_id: int | None = None) -> dict[str, bool]:
    """Every capability at once, keyed by name, for templates (``capabilities.review``)."""
    return {capability.value: capable(viewer, capability, centre_id) for capability in Capability}
