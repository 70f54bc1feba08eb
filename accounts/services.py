"""Writes for signing in and staying signed in (issue 11; docs/security.md V6, V7).

Keyword-only, typed; each returns what the view needs to say what happened.
"""
from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecondFactorReset
from centres.services import user_sessions_end

User = get_user_model()
logger = logging.getLogger("accounts")

# Session keys this app owns.
SIGNED_IN_AT = "accounts_signed_in_at"  # seconds since the epoch, set once at sign-in
LAST_SEEN = "accounts_last_seen"  # seconds since the epoch, renewed on every request
SIGNED_OUT_BECAUSE = "accounts_signed_out_because"  # "idle" or "absolute", read once by the sign-in page
NEW_BACKUP_CODES = "accounts_new_backup_codes"  # shown once, then gone

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


# --- Sessions -------------------------------------------------------------------------------------


def session_start(*, request: HttpRequest) -> None:
    """Called at every sign-in: the absolute limit counts from here (V7.3.2)."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


def session_touch(*, request: HttpRequest, force: bool = False) -> None:
    """Activity renews the idle limit (V7.3.1): saving the session also moves its database expiry.

    At most once a minute (``SESSION_TOUCH_INTERVAL``): a page a second need not write the session
    row on every request, and the idle limit is no less than 29 minutes of quiet.
    """
    now = time.time()
    if force or now - request.session.get(LAST_SEEN, 0) >= settings.SESSION_TOUCH_INTERVAL:
        request.session[LAST_SEEN] = now


# --- The second factor ------------------------------------------------------------------------------


def totp_device_for_enrolment(*, user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed authenticator being set up: the same key until it is confirmed, so reloading
    the page does not change the QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new authenticator with a code from it; then the session is verified and a fresh set
    of single-use backup codes is made. ``None`` if the code is wrong (nothing changes)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Only one authenticator per person: older ones (left by an earlier enrolment) go.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    codes = backup_codes_issue(user=device.user)
    _session_verified(request=request, device=device)
    logger.info("second factor set up", extra={"user": device.user.get_username()})
    return codes


def backup_codes_issue(*, user: AbstractBaseUser) -> list[str]:
    """A new set of single-use backup codes; any earlier set stops working (V6.5.1)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": BACKUP_CODES_NAME, "confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def backup_codes_renew(*, user: AbstractBaseUser, token: str) -> list[str] | None:
    """New backup codes, only against a code from the authenticator app (V7.5.1); ``None`` if wrong."""
    token = "".join(token.split())
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not token.isdigit() or not device.verify_token(token):
        return None
    return backup_codes_issue(user=user)


def _session_verified(*, request: HttpRequest, device) -> None:
    """Mark the session verified by this device (django-otp) under a new session key: completing
    sign-in is an authentication, and the key used before it must not carry on (V7.2.4)."""
    otp_login(request, device)
    request.session.cycle_key()


def second_factor_verify(*, request: HttpRequest, token: str) -> bool:
    """Check a code from the user's authenticator, or one of their backup codes, and mark the
    session verified. django-otp throttles each device after a wrong code, and a backup code is
    deleted when used (single use). Codes are tried device by device, never a wildcard match."""
    user = request.user
    token = "".join(token.split()).lower()
    with transaction.atomic():
        # An authenticator code is six digits; a backup code is eight letters and digits.
        model = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
        devices = list(model.objects.select_for_update().filter(user=user, confirmed=True))
        for device in devices:
            if device.verify_token(token):
                _session_verified(request=request, device=device)
                logger.info("second factor verified", extra={"user": user.get_username()})
                return True
    logger.warning("second factor refused", extra={"user": user.get_username()})
    return False


@transaction.atomic
def second_factor_reset(*, user: AbstractBaseUser, reset_by: AbstractBaseUser | None, reason: str) -> SecondFactorReset:
    """Remove the user's authenticator and backup codes and sign them out everywhere: at their next
    sign-in they set up a new authenticator. Recorded with who did it and why (recovery, V6.4.x)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    ended = user_sessions_end(user=user)
    record = SecondFactorReset(user=user, reset_by=reset_by, reason=reason, sessions_ended=ended)
    record.full_clean()
    record.save()
    logger.warning(
        "second factor reset",
        extra={"user": user.get_username(), "by": reset_by.get_username() if reset_by else "command line"},
    )
    return record


# --- Passwords --------------------------------------------------------------------------------------


@transaction.atomic
def password_change(*, request: HttpRequest, user: AbstractBaseUser, new_password: str) -> int:
    """Set a new password (validated by the form against AUTH_PASSWORD_VALIDATORS), keep this
    session signed in and end every other one (V6.2.x, V7.4.3). Returns how many were ended."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)  # this session carries on, verified as before
    return user_sessions_end(user=user, keep_session_key=request.session.session_key)
