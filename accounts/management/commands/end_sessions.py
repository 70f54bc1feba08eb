"""An administrator signs one person, or everyone, out of every session (ASVS 5.0 7.4.5)."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError

from accounts.services import user_sessions_end


class Command(BaseCommand):
    help = "End every session of one user (by username), or of everyone with --everyone."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", nargs="?")
        parser.add_argument("--everyone", action="store_true", help="End every session of every user.")

    def handle(self, *args, username: str | None, everyone: bool, **options) -> None:
        if everyone == bool(username):
            raise CommandError("Give one username, or --everyone.")
        if everyone:
            ended, _ = Session.objects.all().delete()
            self.stdout.write(f"Ended {ended} session(s). Everyone must sign in again.")
            return
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"There is no user called {username}.") from exc
        ended = user_sessions_end(user=user)
        self.stdout.write(f"Ended {ended} session(s) of {username}.")
