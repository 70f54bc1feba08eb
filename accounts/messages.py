"""What the sign-in pages say, in GOV.UK style. Tests assert on these constants."""
from __future__ import annotations

from django.conf import settings


def _minutes(seconds: float) -> str:
    if seconds < 60:  # only ever in tests that shorten the limits
        return f"{round(seconds)} seconds"
    minutes = round(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _hours(seconds: float) -> str:
    hours = round(seconds / 3600)
    return "1 hour" if hours == 1 else f"{hours} hours"


SIGN_IN_FAILED = "Enter a correct username and password. Both are case-sensitive."


def locked_out() -> str:
    # The same words whether or not the username exists: django-axes counts failures per username
    # typed, so an unknown name is locked out exactly as a real one is (V6.3.1, V6.3.8).
    return (
        "You have tried to sign in with this username too many times. "
        f"Wait {_minutes(settings.AXES_COOLOFF_TIME.total_seconds())} and try again, "
        "or ask an administrator to unlock the account."
    )


def signed_out_idle() -> str:
    return (
        f"You were signed out because you had not used the service for {_minutes(settings.SESSION_IDLE_TIMEOUT)}. "
        "Sign in again to carry on."
    )


def signed_out_absolute() -> str:
    return (
        f"You were signed out because you signed in more than {_hours(settings.SESSION_ABSOLUTE_TIMEOUT)} ago. "
        "Sign in again to carry on."
    )


SIGNED_OUT_EVERYWHERE = "You have been signed out on every device and browser you were signed in on."

CODE_REQUIRED = "Enter the code from your authenticator app"
CODE_WRONG = (
    "The code is not correct. Enter the 6-digit code your authenticator app shows now, "
    "or a backup code you have not used before"
)
ENROL_CODE_WRONG = "The code is not correct. Enter the 6-digit code your authenticator app shows now"
BACKUP_CODES_CONFIRM_WRONG = "The code is not correct. Enter the 6-digit code your authenticator app shows now"

PASSWORD_CURRENT_WRONG = "Your current password is not correct. Enter it again"
PASSWORD_MISMATCH = "The new passwords do not match. Enter the same new password twice"
PASSWORD_CHANGED = "Your password has been changed. You have been signed out everywhere else."

RESET_CHOOSE = "Select the member of staff whose authenticator app you are resetting"
RESET_REASON_REQUIRED = "Enter why you are resetting their authenticator app"


def reset_done(name: str) -> str:
    return f"{name}'s authenticator app has been reset. They will set up a new one when they next sign in."
