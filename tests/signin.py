"""Signing in as production does, for tests: a real TOTP device, a real code, django-otp's own login.

Nothing here bypasses the middleware: a client from ``verified_client`` holds a session that
django.contrib.auth signed in and ``django_otp.login`` marked verified by a confirmed device, exactly
what the code step does after a correct code.
"""
from __future__ import annotations

import time

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.test import Client
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user: AbstractBaseUser) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none (as enrolment would)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def totp_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now. django-otp refuses a code twice (``last_t``): if
    this time step's code was used already, wait for the next one."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    while totp.t() <= device.last_t:
        time.sleep(0.5)
        totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def verify_session(client: Client, user: AbstractBaseUser) -> None:
    """Mark a signed-in client's session verified with the user's device, through ``django_otp.login``."""
    session = client.session
    request = HttpRequest()
    request.session = session
    request.user = user
    otp_login(request, totp_device(user))
    session.save()


def verified_client(user: AbstractBaseUser, **kwargs) -> Client:
    """A test client signed in as the user with both factors (HTTP_HOST set to an allowed host)."""
    client = Client(HTTP_HOST="localhost", **kwargs)
    client.force_login(user)
    verify_session(client, user)
    return client
