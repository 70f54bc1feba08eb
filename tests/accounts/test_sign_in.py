"""Sign-in: two factors, lockout after 5 failures, and every sign-in, failure, lockout and sign-out logged."""
from __future__ import annotations

import html

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import messages
from tests.signin import totp_code, totp_device

PASSWORD = "sure-start-demo"
START = reverse("start")


def anonymous() -> Client:
    return Client(HTTP_HOST="localhost")


def post_password(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def text(response) -> str:
    return html.unescape(response.content.decode())


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- Two factors -----------------------------------------------------------------------------------


def test_two_factors_are_required_under_the_test_settings():
    assert settings.TWO_FACTOR_REQUIRED is True


def test_a_password_alone_opens_nothing_but_the_code_step(demo, user):
    totp_device(user("hv.hana"))
    client = anonymous()
    response = post_password(client, "hv.hana")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second-factor"))
    for url in (START, reverse("families:detail", args=["ADA"]), reverse("accounts:account"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:second-factor")), url


def test_a_wrong_code_is_refused_and_the_right_one_signs_in(demo, user):
    device = totp_device(user("hv.hana"))
    client = anonymous()
    post_password(client, "hv.hana")
    response = client.post(reverse("accounts:second-factor"), {"code": "000000", "next": START})
    assert response.status_code == 200
    assert messages.CODE_WRONG in text(response)
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows guessing down after each wrong code
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("accounts:second-factor"), {"code": totp_code(device), "next": START})
    assert response.status_code == 302 and response["Location"] == START
    assert client.get(START).status_code == 200


def test_wrong_codes_are_throttled(demo, user):
    device = totp_device(user("hv.hana"))
    client = anonymous()
    post_password(client, "hv.hana")
    client.post(reverse("accounts:second-factor"), {"code": "000000"})
    # Straight after a wrong code even the right one is refused for a while (django-otp throttling).
    response = client.post(reverse("accounts:second-factor"), {"code": totp_code(device)})
    assert response.status_code == 200
    assert messages.CODE_WRONG in text(response)


def test_an_empty_code_says_what_to_enter(demo, user):
    totp_device(user("hv.hana"))
    client = anonymous()
    post_password(client, "hv.hana")
    response = client.post(reverse("accounts:second-factor"), {"code": ""})
    assert messages.CODE_REQUIRED in text(response)


def test_first_sign_in_enrols_an_authenticator_with_a_qr_code_and_a_typed_key(demo, user):
    hana = user("hv.hana")
    assert not TOTPDevice.objects.filter(user=hana).exists()
    client = anonymous()
    post_password(client, "hv.hana")
    response = client.get(reverse("accounts:second-factor"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:enrol"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = text(page)
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in body
    device = TOTPDevice.objects.get(user=hana, confirmed=False)
    typed_key = page.context["key"].replace(" ", "")
    from base64 import b32encode

    assert typed_key == b32encode(device.bin_key).decode().rstrip("=")
    assert typed_key in body.replace(" ", "")
    # Reloading keeps the same key (the QR code already scanned still works).
    client.get(reverse("accounts:enrol"))
    assert TOTPDevice.objects.filter(user=hana).count() == 1

    response = client.post(reverse("accounts:enrol"), {"code": "000000", "next": START})
    assert messages.ENROL_CODE_WRONG in text(response)
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("accounts:enrol"), {"code": totp_code(device), "next": START})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:backup-codes"))
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response["Location"])
    codes = codes_page.context["codes"]
    assert len(codes) == settings.BACKUP_CODE_COUNT
    assert all(code in text(codes_page) for code in codes)
    # Shown once only.
    assert client.get(reverse("accounts:backup-codes")).context.get("codes") is None
    assert client.get(START).status_code == 200


def test_someone_with_an_authenticator_cannot_add_another_with_a_password_alone(demo, user):
    totp_device(user("hv.hana"))
    client = anonymous()
    post_password(client, "hv.hana")
    response = client.get(reverse("accounts:enrol"))
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=user("hv.hana")).count() == 1


def test_backup_codes_work_once(demo, user):
    hana = user("hv.hana")
    totp_device(hana)
    from accounts.services import backup_codes_issue

    code = backup_codes_issue(user=hana)[0]
    first = anonymous()
    post_password(first, "hv.hana")
    response = first.post(reverse("accounts:second-factor"), {"code": code.upper(), "next": START})
    assert response.status_code == 302 and response["Location"] == START
    assert first.get(START).status_code == 200
    assert not StaticToken.objects.filter(token=code).exists()
    assert StaticToken.objects.filter(device__user=hana).count() == settings.BACKUP_CODE_COUNT - 1

    second = anonymous()
    post_password(second, "hv.hana")
    response = second.post(reverse("accounts:second-factor"), {"code": code, "next": START})
    assert response.status_code == 200
    assert messages.CODE_WRONG in text(response)
    assert second.get(START).status_code == 302


def test_new_backup_codes_need_a_code_and_replace_the_old_ones(demo, user, client_for):
    hana = user("hv.hana")
    from accounts.services import backup_codes_issue

    old = backup_codes_issue(user=hana)
    client = client_for("hv.hana")
    response = client.post(reverse("accounts:backup-codes"), {"code": ""})
    assert messages.CODE_REQUIRED in text(response)
    assert StaticToken.objects.filter(device__user=hana, token=old[0]).exists()
    response = client.post(reverse("accounts:backup-codes"), {"code": totp_code(totp_device(hana))})
    new = response.context["codes"]
    assert set(StaticToken.objects.filter(device__user=hana).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


# --- Lockout -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["hv.hana", "no.such.user"])
def test_five_failures_lock_the_username_with_the_same_words_whether_or_not_it_exists(demo, username):
    client = anonymous()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = post_password(client, username, "wrong-password")
        assert response.status_code == 200
        assert messages.SIGN_IN_FAILED in text(response)
        assert messages.locked_out() not in text(response)
    response = post_password(client, username, "wrong-password")
    assert response.status_code == 429
    assert messages.locked_out() in text(response)
    assert "Wait 30 minutes" in messages.locked_out()
    # The lockout page does not try the password again: five attempts, five failures counted.
    assert AccessAttempt.objects.get(username=username).failures_since_start == settings.AXES_FAILURE_LIMIT
    # Locked: even the right password is refused, from any browser.
    response = post_password(anonymous(), username, PASSWORD)
    assert response.status_code == 429
    assert messages.locked_out() in text(response)
    assert not signed_in(client)
    assert AccessFailureLog.objects.filter(username=username, locked_out=True).exists()


def test_the_lockout_page_looks_the_same_for_a_real_and_an_unknown_username(demo):
    pages = []
    for username in ("hv.hana", "no.such.user"):
        client = anonymous()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            response = post_password(client, username, "wrong-password")
        pages.append(text(response).replace(username, "USERNAME").replace(client.cookies["csrftoken"].value, ""))
    # Only the CSRF token in the form differs.
    strip = [p.split('name="csrfmiddlewaretoken"')[0] + p.split('name="csrfmiddlewaretoken"')[1].split(">", 1)[1]
             for p in pages]
    assert strip[0] == strip[1]


def test_an_administrator_unlocks_a_username(demo, user):
    totp_device(user("hv.hana"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(anonymous(), "hv.hana", "wrong-password")
    assert post_password(anonymous(), "hv.hana").status_code == 429
    call_command("axes_reset_username", "hv.hana")
    response = post_password(anonymous(), "hv.hana")
    assert response.status_code == 302


def test_an_administrator_unlocks_a_username_in_the_admin(demo, client_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(anonymous(), "hv.hana", "wrong-password")
    attempt = AccessAttempt.objects.get(username="hv.hana")
    admin = client_for("admin")
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert post_password(anonymous(), "hv.hana").status_code == 302


def test_sign_in_records_are_read_only_in_the_admin(demo, client_for):
    post_password(anonymous(), "hv.hana", "wrong-password")
    admin = client_for("admin")
    failure = AccessFailureLog.objects.get(username="hv.hana")
    assert admin.get(reverse("admin:axes_accessfailurelog_change", args=[failure.pk])).status_code == 200
    assert admin.get(reverse("admin:axes_accessfailurelog_delete", args=[failure.pk])).status_code == 403
    log = AccessLog.objects.first()
    assert admin.get(reverse("admin:axes_accesslog_changelist")).status_code == 200
    assert admin.get(reverse("admin:axes_accesslog_delete", args=[log.pk])).status_code == 403
    assert admin.get(reverse("admin:axes_accessattempt_add")).status_code == 403


def test_sign_ins_failures_and_sign_outs_are_logged(demo, user):
    totp_device(user("hv.hana"))
    client = anonymous()
    post_password(client, "hv.hana", "wrong-password")
    assert AccessFailureLog.objects.filter(username="hv.hana", locked_out=False).count() == 1
    post_password(client, "hv.hana")
    log = AccessLog.objects.filter(username="hv.hana").latest("attempt_time")
    assert log.logout_time is None
    client.post(reverse("logout"))
    log.refresh_from_db()
    assert log.logout_time is not None


def test_the_admin_sign_in_is_counted_by_the_lockout_and_still_needs_the_code(demo, user):
    """Every way in has the same controls (V6.3.4): the admin's own sign-in page too."""
    admin = user("admin")
    totp_device(admin)
    client = anonymous()
    response = client.post(reverse("admin:login"), {"username": "admin", "password": "wrong-password"})
    assert response.status_code == 200
    assert AccessFailureLog.objects.filter(username="admin", path_info=reverse("admin:login")).exists()
    response = client.post(reverse("admin:login"), {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second-factor"))


def test_there_is_no_sign_in_without_a_request_for_django_axes_to_count(demo):
    from axes.exceptions import AxesBackendRequestParameterRequired

    with pytest.raises(AxesBackendRequestParameterRequired):
        anonymous().login(username="hv.hana", password=PASSWORD)


def test_the_menu_waits_for_the_second_factor(demo, user):
    device = totp_device(user("hv.hana"))
    client = anonymous()
    post_password(client, "hv.hana")
    page = text(client.get(reverse("accounts:second-factor")))
    assert "Signed in as" not in page and 'aria-label="Menu"' not in page
    client.post(reverse("accounts:second-factor"), {"code": totp_code(device)})
    page = text(client.get(START))
    assert "Signed in as" in page and 'aria-label="Menu"' in page
