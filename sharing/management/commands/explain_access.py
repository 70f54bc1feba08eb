"""``explain_access USERNAME REFERENCE``: what the policy decides, and why. Reveals no person data."""
import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from consent.models import Purpose
from sharing.selectors import access_explanations
from sharing.vocabulary import Category


class Command(BaseCommand):
    help = "Explain whether USERNAME may see REFERENCE's basic and/or sensitive information, and why."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("reference")
        parser.add_argument("--category", choices=[c.value for c in Category])
        parser.add_argument("--purpose", help="Purpose slug, e.g. healthcare, centre-services.")
        parser.add_argument("--json", action="store_true", help="Print a JSON list of decisions.")

    def handle(self, *args, username, reference, category, purpose, json: bool = False, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        if purpose and not Purpose.objects.filter(slug=purpose).exists():
            slugs = ", ".join(Purpose.objects.values_list("slug", flat=True))
            raise CommandError(f"No purpose {purpose!r}. Choose one of: {slugs}.")
        categories = [Category(category)] if category else [Category.BASIC, Category.SENSITIVE]
        rows = access_explanations(user=user, reference=reference, categories=categories, purpose=purpose)
        if json:
            self.stdout.write(_json_dumps(rows))
            return
        for row in rows:
            verdict = "PERMITTED" if row["permitted"] else "DENIED"
            basis = f" on the basis of {row['basis']}" if row["basis"] else ""
            self.stdout.write(
                f"{row['user']} → {row['subject']}, {row['category']} information, for {row['purpose']}: "
                f"{verdict}{basis}.\n  {row['reason']}"
            )


def _json_dumps(rows) -> str:
    return json.dumps(rows, indent=2)
