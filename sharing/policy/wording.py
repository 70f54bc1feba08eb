"""How the policy words days, purposes and scopes in its reasons (one way, everywhere)."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from consent.vocabulary import PurposeSlug

# How the three standard purposes read in a sentence; local purposes fall back to their slug.
PURPOSE_WORDS = {
    PurposeSlug.HEALTHCARE: "healthcare",
    PurposeSlug.CENTRE_SERVICES: "centre services",
    PurposeSlug.MONITORING_EVALUATION: "monitoring and evaluation",
}


def local(at: dt.datetime) -> dt.datetime:
    return timezone.localtime(at) if timezone.is_aware(at) else at


def local_day(at: dt.datetime) -> dt.date:
    """The day in the UK (TIME_ZONE), not in UTC: ages and "today" turn over at local midnight."""
    return local(at).date()


def format_day(day: dt.date | dt.datetime) -> str:
    """``7 November 2026``: the one way days are written in reasons and on pages."""
    if isinstance(day, dt.datetime):
        day = local(day)
    return f"{day.day} {day:%B %Y}"


def format_moment(at: dt.datetime) -> str:
    return f"{format_day(at)} {local(at):%H:%M}"


def purpose_text(slug: str) -> str:
    return PURPOSE_WORDS.get(slug, slug.replace("-", " "))
