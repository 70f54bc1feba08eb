from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in and staying signed in: two factors, lockout, passwords and session limits (issue 11)."""

    name = "accounts"
    verbose_name = "Sign-in and sessions"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (connects the sign-in receivers)
