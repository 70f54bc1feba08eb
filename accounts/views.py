"""Sign-in, the second factor, passwords and sessions. Thin: validate, call a service, render."""
from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import messages, selectors, services
from accounts.forms import CodeForm, PasswordChangeForm, SecondFactorResetForm, SignInForm
from accounts.rules import may_reset_second_factor_of, may_reset_second_factors


def _next_url(request: HttpRequest) -> str:
    """Where to go after signing in: a page of this service, or the start page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _sign_in_notice(request: HttpRequest) -> str | None:
    because = request.session.pop(services.SIGNED_OUT_BECAUSE, None)
    return {
        "idle": messages.signed_out_idle,
        "absolute": messages.signed_out_absolute,
        "everywhere": lambda: messages.SIGNED_OUT_EVERYWHERE,
    }.get(because, lambda: None)()


class SignInView(auth_views.LoginView):
    """The password step. With two factors required, the session it makes opens only the
    second-factor pages (``SecondFactorRequiredMiddleware``) until a code is given."""

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notice"] = _sign_in_notice(self.request)
        return context

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if settings.TWO_FACTOR_REQUIRED:  # a password alone never verifies a session
            return f"{reverse('accounts:second-factor')}?{urlencode({'next': url})}"
        return url


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the sign-in page with a GOV.UK error."""
    # An unbound form: validating it again would try the password again, and count another failure.
    form = SignInForm(request, initial={"username": request.POST.get("username", "")[:150]})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": messages.locked_out(), "next": _next_url(request)},
        status=429,
    )


def second_factor(request: HttpRequest) -> HttpResponse:
    """The code step: a code from the authenticator app, or a backup code (V6.3.3)."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not selectors.has_authenticator(user=request.user):
        return redirect(f"{reverse('accounts:enrol')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.second_factor_verify(request=request, token=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.refuse()
    return render(request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)})


def enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in: set up an authenticator app by QR code or typed key, confirmed by a code.

    Only someone with no authenticator yet may set one up here; replacing one needs a reset by a
    manager or administrator, so a stolen password alone cannot add a device (V6.4.x).
    """
    if request.user.is_verified() or selectors.has_authenticator(user=request.user):
        return redirect(_next_url(request))
    device = services.totp_device_for_enrolment(user=request.user)
    form = CodeForm(
        request.POST or None, wrong_message=messages.ENROL_CODE_WRONG,
        help_text="The 6-digit code your authenticator app shows for Sure Start case records.",
    )
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(request=request, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            request.session[services.NEW_BACKUP_CODES] = codes
            return redirect(f"{reverse('accounts:backup-codes')}?{urlencode({'next': _next_url(request)})}")
        form.refuse()
    return render(
        request,
        "accounts/enrol.html",
        {"form": form, "next": _next_url(request), "qr_svg": _qr_svg(device), "key": _typed_key(device)},
    )


def _qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (made here: no outside service sees the key)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff", omitsize=False)
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1)


def _typed_key(device: TOTPDevice) -> str:
    """The same key for typing in, in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes: shown once after setting up, or made again on request (which needs a code
    from the authenticator app, and makes every earlier backup code stop working)."""
    codes = request.session.pop(services.NEW_BACKUP_CODES, None)
    if codes is not None:
        return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)})
    if not selectors.has_authenticator(user=request.user):
        return redirect("accounts:enrol")
    form = CodeForm(
        request.POST or None, wrong_message=messages.BACKUP_CODES_CONFIRM_WRONG,
        help_text="The 6-digit code your authenticator app shows now.",
    )
    if request.method == "POST" and form.is_valid():
        codes = services.backup_codes_renew(user=request.user, token=form.cleaned_data["code"])
        if codes is not None:
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:account")})
        form.refuse()
    return render(
        request, "accounts/backup_codes_new.html",
        {"form": form, "left": selectors.backup_codes_left(user=request.user)},
    )


@require_safe
def account(request: HttpRequest) -> HttpResponse:
    """Your account: change your password, new backup codes, sign out everywhere."""
    return render(
        request,
        "accounts/account.html",
        {
            "has_authenticator": selectors.has_authenticator(user=request.user),
            "backup_codes_left": selectors.backup_codes_left(user=request.user),
            "may_reset_others": may_reset_second_factors(selectors.actor_for(request.user)),
        },
    )


def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(request=request, user=request.user, new_password=form.cleaned_data["new_password1"])
        flash.success(request, messages.PASSWORD_CHANGED)
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this user, this one included (V7.4.4)."""
    user = request.user
    logout(request)
    services.user_sessions_end(user=user)
    request.session[services.SIGNED_OUT_BECAUSE] = "everywhere"
    return redirect("login")


@require_POST
def session_renew(request: HttpRequest) -> JsonResponse:
    """"Stay signed in" from the timeout warning: renew the idle limit now (whatever the
    middleware's once-a-minute rule did); say how long the session now has."""
    services.session_touch(request=request, force=True)
    return JsonResponse({"idle_seconds": settings.SESSION_IDLE_TIMEOUT})


def second_factor_reset(request: HttpRequest) -> HttpResponse:
    """A centre manager (their own centre's staff) or an administrator (anyone) resets someone's
    authenticator app; recorded as a ``SecondFactorReset``."""
    actor = selectors.actor_for(request.user)
    if not may_reset_second_factors(actor):
        raise PermissionDenied
    staff = list(selectors.staff_for_second_factor_reset(actor=actor))
    form = SecondFactorResetForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        target = next(u for u in staff if u.username == form.cleaned_data["username"])
        if not may_reset_second_factor_of(actor, selectors.target_for(target)):
            raise PermissionDenied
        services.second_factor_reset(user=target, reset_by=request.user, reason=form.cleaned_data["reason"])
        flash.success(request, messages.reset_done(target.get_full_name() or target.username))
        return redirect("accounts:second-factor-reset")
    return render(request, "accounts/second_factor_reset.html", {"form": form, "staff": staff})


# Pages a signed-out visitor may open (LoginRequiredMiddleware).
locked_out = login_not_required(locked_out)
