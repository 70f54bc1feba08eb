"""Recovery: a centre manager resets their own centre's staff's authenticator, an administrator anyone's; recorded."""
from __future__ import annotations

import html

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import messages
from accounts.models import SecondFactorReset
from accounts.rules import Actor, Target, may_reset_second_factor_of, may_reset_second_factors
from accounts.services import backup_codes_issue
from config.append_only import AppendOnlyError
from tests.signin import totp_device

URL = reverse("accounts:second-factor-reset")


def text(response) -> str:
    return html.unescape(response.content.decode())


MANAGER = Actor(user_id=1, is_superuser=False, role="centre_manager", centre_id=10)
ADMIN = Actor(user_id=2, is_superuser=True, role=None, centre_id=None)
WORKER = Actor(user_id=3, is_superuser=False, role="family_support_worker", centre_id=10)


@pytest.mark.parametrize(
    ("actor", "target", "allowed", "why"),
    [
        (MANAGER, Target(user_id=5, is_active=True, centre_id=10), True, "manager, own centre"),
        (MANAGER, Target(user_id=6, is_active=True, centre_id=11), False, "manager, another centre"),
        (MANAGER, Target(user_id=7, is_active=True, centre_id=None), False, "manager, an external agency's"),
        (MANAGER, Target(user_id=1, is_active=True, centre_id=10), False, "nobody resets their own"),
        (MANAGER, Target(user_id=5, is_active=False, centre_id=10), False, "not a deactivated account"),
        (ADMIN, Target(user_id=6, is_active=True, centre_id=11), True, "administrator, anyone"),
        (ADMIN, Target(user_id=2, is_active=True, centre_id=None), False, "not even an administrator's own"),
        (WORKER, Target(user_id=5, is_active=True, centre_id=10), False, "not a manager"),
    ],
)
def test_who_may_reset_whose_second_factor(actor, target, allowed, why):
    assert may_reset_second_factor_of(actor, target) is allowed, why


def test_only_managers_and_administrators_have_the_page():
    assert may_reset_second_factors(MANAGER) and may_reset_second_factors(ADMIN)
    assert not may_reset_second_factors(WORKER)


def test_a_manager_resets_a_member_of_their_staff_and_it_is_recorded(demo, user, client_for):
    frank, maya = user("fsw.frank"), user("mgr.maya")
    backup_codes_issue(user=frank)
    frank_client = client_for("fsw.frank")
    manager = client_for("mgr.maya")
    page = manager.get(URL)
    assert page.status_code == 200
    offered = {choice for choice, _ in page.context["form"].fields["username"].choices}
    assert "fsw.frank" in offered and "hv.hugo" not in offered and "mgr.maya" not in offered
    response = manager.post(URL, {"username": "fsw.frank", "reason": "New phone"})
    assert response.status_code == 302
    assert messages.reset_done("Frank Fletcher") in text(manager.get(response["Location"]))
    record = SecondFactorReset.objects.get()
    assert (record.user, record.reset_by, record.reason, record.sessions_ended) == (frank, maya, "New phone", 1)
    assert not TOTPDevice.objects.filter(user=frank).exists()
    assert not StaticDevice.objects.filter(user=frank).exists()
    response = frank_client.get(reverse("start"))  # signed out everywhere
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    with pytest.raises(AppendOnlyError):
        record.delete()


def test_a_manager_cannot_reset_another_centres_staff(demo, user, client_for):
    totp_device(user("hv.hugo"))
    response = client_for("mgr.maya").post(URL, {"username": "hv.hugo", "reason": "New phone"})
    assert response.status_code == 200
    assert messages.RESET_CHOOSE in text(response)
    assert TOTPDevice.objects.filter(user=user("hv.hugo")).exists()
    assert not SecondFactorReset.objects.exists()


def test_a_reset_needs_a_reason(demo, client_for):
    response = client_for("mgr.maya").post(URL, {"username": "fsw.frank", "reason": ""})
    assert messages.RESET_REASON_REQUIRED in text(response)
    assert not SecondFactorReset.objects.exists()


def test_other_staff_may_not_reset_anyone(demo, client_for):
    for username in ("fsw.frank", "hv.hana", "ext.ella"):
        client = client_for(username)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"username": "hv.hana", "reason": "x"}).status_code == 403
    assert not SecondFactorReset.objects.exists()


def test_an_administrator_resets_anyone(demo, user, client_for):
    response = client_for("admin").post(URL, {"username": "hv.hugo", "reason": "Lost phone"})
    assert response.status_code == 302
    assert SecondFactorReset.objects.get().reset_by == user("admin")


def test_after_a_reset_the_next_sign_in_enrols_again(demo, user, client_for):
    frank = user("fsw.frank")
    client_for("mgr.maya").post(URL, {"username": "fsw.frank", "reason": "New phone"})
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.post(reverse("login"), {"username": "fsw.frank", "password": "sure-start-demo"})
    response = client.get(reverse("accounts:second-factor"))
    assert response["Location"].startswith(reverse("accounts:enrol"))
    assert client.get(reverse("accounts:enrol")).status_code == 200
    assert TOTPDevice.objects.filter(user=frank, confirmed=False).exists()


def test_the_command_line_reset_is_recorded_without_an_actor(demo, user):
    totp_device(user("admin"))
    call_command("reset_second_factor", "admin", reason="Administrator lost their phone")
    record = SecondFactorReset.objects.get()
    assert record.reset_by is None and record.user == user("admin")
    assert not TOTPDevice.objects.filter(user=user("admin")).exists()
