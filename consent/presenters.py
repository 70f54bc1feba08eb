"""The consent history as a page shows it: a presenter over the rows and the rules' reading of them.

Pages layer: it labels people only as the reveal it is given allows (``sharing.revealed``), and
reads "a later refusal or withdrawal overrides this" from the one rule in ``consent.decisions``.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from accounts.selectors import display_name
from config.aggregates import split_ids
from consent.decisions import ConsentFacts, effective_day, overridden_by
from consent.models import Consent, Objection
from consent.vocabulary import ConsentDecision, ConsentKind
from sharing.loading import Facts
from sharing.policy import format_day
from sharing.revealed import FamilyView
from sharing.vocabulary import Capability


@dataclass(frozen=True)
class ConsentRow:
    """A consent version as shown on the family page: people by the labels the viewer may see."""

    consent: Consent
    given_by_label: str
    subject_labels: tuple[str, ...]
    state: str
    is_current: bool


def _state(consent: Consent, facts: ConsentFacts, everything: list[ConsentFacts]) -> str:
    now = timezone.now()
    withdrawal = getattr(consent, "withdrawal", None)
    if facts.superseded:
        return "Replaced by a newer version"
    if consent.decision == ConsentDecision.REFUSED:
        return "Refused"
    if withdrawal is not None:
        return f"Withdrawn on {format_day(withdrawal.withdrawn_at)}"
    if consent.kind == ConsentKind.IMPLIED:
        return "Implied (never enough for sensitive information)"
    later = overridden_by(facts, everything, now)
    if later is not None:
        return f"Given — a later decision of {format_day(effective_day(later, now))} overrides it where they overlap"
    if consent.is_due_for_review(timezone.localdate()):
        return "Given — due for review"
    return "Given"


def consent_history_rows(view: FamilyView, facts: Facts) -> list[ConsentRow] | None:
    """The family's consent history, newest first, for those who do consent work (None for others)."""
    if not view.capabilities.get(Capability.VIEW_CONSENTS):
        return None
    labels = {p.id: p.label for p in view.people}
    references = {p.id: p.reference for p in view.people}
    everything = list(facts.consent_facts.values())
    rows = []
    for consent in sorted(facts.consents, key=lambda c: (c.recorded_at, c.pk), reverse=True):
        consent_facts = facts.consent_facts[consent.pk]
        rows.append(
            ConsentRow(
                consent=consent,
                given_by_label=labels.get(consent.given_by_id, consent.given_by.reference),
                subject_labels=tuple(
                    labels.get(pk, references.get(pk, ""))
                    for pk in sorted(consent_facts.subject_ids, key=lambda pk: references.get(pk, ""))
                ),
                state=_state(consent, consent_facts, everything),
                is_current=not consent_facts.superseded
                and getattr(consent, "withdrawal", None) is None
                and consent.decision == ConsentDecision.GIVEN
                and consent.kind == ConsentKind.EXPLICIT,
            )
        )
    return rows


@dataclass(frozen=True)
class ObjectionRow:
    """An objection as the family page's consent section shows it (issue 9 item 5)."""

    objection: Objection
    made_by_label: str
    subject_labels: tuple[str, ...]
    recorded_by_name: str
    withdrawal_text: str | None
    is_current: bool



def objection_rows(view: FamilyView, objections) -> list[ObjectionRow] | None:
    """The family's objections with their state, for those who do consent work (None for others)."""
    if not view.capabilities.get(Capability.VIEW_CONSENTS):
        return None
    labels = {p.id: p.label for p in view.people}
    rows = []
    for objection in objections:
        withdrawal = getattr(objection, "withdrawal", None)
        text = None
        if withdrawal is not None:
            text = (
                f"Withdrawn on {format_day(withdrawal.withdrawn_at)} by "
                f"{labels.get(withdrawal.withdrawn_by_id, withdrawal.withdrawn_by.reference)} "
                f"({withdrawal.get_method_display().lower()}), recorded by {display_name(withdrawal.recorded_by)}"
            )
        rows.append(
            ObjectionRow(
                objection=objection,
                made_by_label=labels.get(objection.made_by_id, objection.made_by.reference),
                subject_labels=tuple(sorted(labels.get(pk, "") for pk in split_ids(objection.subject_id_list))),
                recorded_by_name=display_name(objection.recorded_by),
                withdrawal_text=text,
                is_current=withdrawal is None,
            )
        )
    return rows
