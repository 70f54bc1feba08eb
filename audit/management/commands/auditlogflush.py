"""django-auditlog's ``auditlogflush`` would delete the change history: here it is refused, always.

The change log is history (issue 10): it is never deleted, in any environment. The database
refuses it as well (``audit.triggers``).
"""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

AUDITLOGFLUSH_REFUSED = (
    "The change log is kept whole: auditlogflush is turned off. "
    "Nothing was deleted. See docs/audit.md."
)


class Command(BaseCommand):
    help = "Refused: the change log is never deleted (docs/audit.md)."

    def add_arguments(self, parser) -> None:
        # auditlog's own options, accepted so that any invocation gets the refusal, not a usage error.
        parser.add_argument("-y", "--yes", action="store_true")
        parser.add_argument("-b", "--before-date")
        parser.add_argument("-t", "--truncate", action="store_true")

    def handle(self, *args, **options) -> None:
        raise CommandError(AUDITLOGFLUSH_REFUSED, returncode=1)
