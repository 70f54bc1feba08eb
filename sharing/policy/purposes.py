"""A purpose is asserted, not chosen freely (POLICY.md "Decisions taken since").

Each purpose names the roles that may act for it; administrators set this per purpose (the
``Purpose`` rows), and these rules are the defaults for the three standard purposes. A purpose
may also be for group figures only (monitoring and evaluation: Caldicott "minimum necessary",
¶13), so it never justifies opening a named record.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from centres.vocabulary import HEALTH_PROFESSIONAL_ROLES, JobRole
from consent.vocabulary import PurposeSlug
from sharing.policy.facts import Viewer
from sharing.policy.wording import purpose_text


@dataclass(frozen=True)
class PurposeRule:
    slug: str
    roles: frozenset[str]
    named_records: bool = True


# Everyone working in or from a centre, and the practitioners of partner agencies, deliver the
# centre's services; the health professionals deliver healthcare (¶15); monitoring and
# evaluation is for the manager and the data officer, and for figures, not named people.
CENTRE_SERVICES_ROLES = frozenset(JobRole) - {JobRole.DATA_OFFICER}
DEFAULT_PURPOSE_RULES: dict[str, PurposeRule] = {
    PurposeSlug.HEALTHCARE: PurposeRule(PurposeSlug.HEALTHCARE, frozenset(HEALTH_PROFESSIONAL_ROLES)),
    PurposeSlug.CENTRE_SERVICES: PurposeRule(PurposeSlug.CENTRE_SERVICES, CENTRE_SERVICES_ROLES),
    PurposeSlug.MONITORING_EVALUATION: PurposeRule(
        PurposeSlug.MONITORING_EVALUATION,
        frozenset({JobRole.CENTRE_MANAGER, JobRole.DATA_OFFICER}),
        named_records=False,
    ),
}


def default_purpose_for(viewer: Viewer) -> str:
    """The purpose a role acts for unless it asserts another."""
    if viewer.is_health_professional:
        return PurposeSlug.HEALTHCARE
    if viewer.role == JobRole.DATA_OFFICER:
        return PurposeSlug.MONITORING_EVALUATION
    return PurposeSlug.CENTRE_SERVICES


def purpose_problem(viewer: Viewer, purpose: str, rules: Mapping[str, PurposeRule] | None = None) -> str | None:
    """Why this viewer may not look at a named record for this purpose, or None."""
    rule = (rules if rules is not None else DEFAULT_PURPOSE_RULES).get(purpose)
    words = purpose_text(purpose)
    if rule is None:
        return f"{words} is not a purpose on record — choose one of your role's purposes"
    if viewer.role not in rule.roles:
        role = JobRole(viewer.role).label.lower() if viewer.role else "no role"
        return f"your role ({role}) does not act for {words}, so it cannot be asserted to see this record"
    if not rule.named_records:
        return (
            f"{words} is for group figures, not named records (¶13: the minimum necessary) — "
            "use the reach-area figures"
        )
    return None


def assertable_purposes(viewer: Viewer, rules: Mapping[str, PurposeRule] | None = None) -> list[str]:
    """The purposes this viewer may assert for a named record, their usual one first."""
    rules = rules if rules is not None else DEFAULT_PURPOSE_RULES
    usual = default_purpose_for(viewer)
    mine = [slug for slug in rules if purpose_problem(viewer, slug, rules) is None]
    return sorted(mine, key=lambda slug: slug != usual)
