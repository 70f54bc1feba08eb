"""Reset someone's authenticator app from the command line (an administrator who lost their own)."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services import second_factor_reset


class Command(BaseCommand):
    help = "Remove a user's authenticator app and backup codes and end their sessions (recorded)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="Why, for the record.")

    def handle(self, *args, username: str, reason: str, **options) -> None:
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"There is no user called {username}.") from exc
        record = second_factor_reset(user=user, reset_by=None, reason=reason)
        self.stdout.write(
            f"Reset {username}'s authenticator app; {record.sessions_ended} session(s) ended. "
            "They will set up a new one at their next sign-in."
        )
