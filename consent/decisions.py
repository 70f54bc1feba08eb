"""A consent decision as the rules read it, and the one rule for which decision counts.

Pure (no ORM): the policy decides over these facts, the consent services keep agency reach in
step with them, and the consent history shows them — all with the same ordering, here
(POLICY.md "Decisions taken since": the newest consent decision about a reveal counts, same-day
ties fail closed).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from consent.vocabulary import ConsentDecision, ConsentKind


@dataclass(frozen=True)
class ConsentFacts:
    """One version of a consent decision, as the policy needs it."""

    id: int
    kind: str
    decision: str
    given_by_reference: str
    given_by_relationship: str
    given_by_age_at_consent: int | None
    given_on: dt.date
    review_on: dt.date | None
    covers_basic: bool
    sensitive_topics: frozenset[str]
    in_centre_team: bool
    agency_ids: frozenset[int]
    purposes: frozenset[str]
    informed: bool
    capacity_in_doubt: bool
    capacity_confirmed: bool
    superseded: bool
    withdrawn_at: dt.datetime | None
    recorded_at: dt.datetime
    subject_ids: frozenset[int] = frozenset()
    given_by_id: int | None = None
    # Issue 13: the centre whose in-centre team the consent names — the family's centre when it
    # was recorded (a family that moved since keeps the old centre here). None: not known (pure
    # tests that do not model centres); loaded from the database it is always set.
    team_centre_id: int | None = None

    @property
    def is_explicit(self) -> bool:
        return self.kind == ConsentKind.EXPLICIT

    def is_withdrawn(self, at: dt.datetime) -> bool:
        return self.withdrawn_at is not None and self.withdrawn_at <= at

    def is_negative(self, at: dt.datetime) -> bool:
        """A refusal, or a consent withdrawn by ``at``."""
        return self.decision == ConsentDecision.REFUSED or self.is_withdrawn(at)


def _local_day(at: dt.datetime) -> dt.date:
    return (timezone.localtime(at) if timezone.is_aware(at) else at).date()


def decision_order_key(consent: ConsentFacts, at: dt.datetime) -> tuple:
    """Sort key, newest decision first when sorted in reverse.

    A decision takes effect when it was made: a consent or refusal on ``given_on``, a withdrawal
    on the day (UK) it was withdrawn. On the same day the refusal or withdrawal comes first (fail
    closed); then the one recorded later.
    """
    withdrawn = consent.is_withdrawn(at)
    effective = _local_day(consent.withdrawn_at) if withdrawn else consent.given_on
    return (effective, consent.decision == ConsentDecision.REFUSED or withdrawn, consent.recorded_at)


def current_explicit_newest_first(consents: Iterable[ConsentFacts], at: dt.datetime) -> list[ConsentFacts]:
    """Explicit decisions not replaced by a newer version, the one that counts first."""
    current = [c for c in consents if not c.superseded and c.is_explicit]
    return sorted(current, key=lambda c: decision_order_key(c, at), reverse=True)


def overlaps(a: ConsentFacts, b: ConsentFacts) -> bool:
    """Whether two decisions are about some of the same reveals: people, purpose, recipients, information."""
    return bool(
        a.subject_ids & b.subject_ids
        and a.purposes & b.purposes
        and ((a.in_centre_team and b.in_centre_team) or a.agency_ids & b.agency_ids)
        and ((a.covers_basic and b.covers_basic) or a.sensitive_topics & b.sensitive_topics)
    )


def overridden_by(consent: ConsentFacts, others: Iterable[ConsentFacts], at: dt.datetime) -> ConsentFacts | None:
    """The later refusal or withdrawal that overrides this given consent where they overlap, if any."""
    if not consent.is_explicit or consent.decision != ConsentDecision.GIVEN:
        return None
    mine = decision_order_key(consent, at)
    for other in current_explicit_newest_first(others, at):
        if (
            other.id != consent.id
            and other.is_negative(at)
            and decision_order_key(other, at) > mine
            and overlaps(consent, other)
        ):
            return other
    return None


def effective_day(consent: ConsentFacts, at: dt.datetime) -> dt.date:
    return decision_order_key(consent, at)[0]
