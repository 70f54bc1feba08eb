"""Two-factor enrolment, sign-in with a code, lockout and the timeout warning, in Chromium with axe."""
from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts import messages
from accounts.validators import CONTEXT_WORD_USED
from tests.browser.conftest import check, follow, main_text, sign_in, sign_in_with_password, submit, visit

pytestmark = pytest.mark.browser


def code_from_key(typed_key: str) -> str:
    """What an authenticator app shows for a typed-in setup key (RFC 6238: SHA-1, 30 s, 6 digits)."""
    key = typed_key.replace(" ", "")
    key += "=" * (-len(key) % 8)
    totp = TOTP(b32decode(key), step=30, t0=0, digits=6)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_first_sign_in_sets_up_an_authenticator_app(page, demo_world):
    TOTPDevice.objects.filter(user__username="hv.hana").delete()
    sign_in_with_password(page, "hv.hana")

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    key = page.get_by_test_id("setup-key").inner_text()
    check(page)

    page.get_by_label("Code", exact=True).fill("000000")
    submit(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text(messages.ENROL_CODE_WRONG)
    device = TOTPDevice.objects.get(user__username="hv.hana")
    device.throttling_failure_count = 0  # django-otp's delay after a wrong code
    device.throttling_failure_timestamp = None
    device.save()

    page.get_by_label("Code", exact=True).fill(code_from_key(key))
    submit(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    codes = page.get_by_test_id("backup-codes").locator("li")
    expect(codes).to_have_count(10)
    with page.expect_navigation():
        page.get_by_role("link", name="I have saved my backup codes").click()
    check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")
    assert TOTPDevice.objects.get(user__username="hv.hana").confirmed


def test_sign_in_with_a_code_and_a_wrong_code_first(page, demo_world):
    sign_in_with_password(page, "mw.mary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    page.get_by_label("Code", exact=True).fill("12345")
    submit(page, "Continue")
    expect(page).to_have_title("Error: Enter the code from your authenticator app – Sure Start case records")
    expect(page.locator(".govuk-error-summary")).to_contain_text(messages.CODE_WRONG)
    # A password alone opens nothing else.
    visit(page, "/families/ADA/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")


def test_signing_in_with_both_factors_reaches_the_start_page(page, demo_world):
    sign_in(page, "hv.hana")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")
    assert "Hana" in page.locator(".app-user-bar").inner_text()


def test_five_wrong_passwords_lock_the_account(page, demo_world):
    for attempt in range(5):
        visit(page, "/sign-in/", status=200)
        page.locator("#id_username").fill("fsw.frank")
        page.locator("#id_password").fill(f"wrong-password-{attempt}")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Sign in", exact=True).click()
        check(page)
    assert navigation.value.status == 429
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(messages.locked_out())
    expect(summary).to_be_focused()
    # The right password is refused too while locked.
    page.locator("#id_username").fill("fsw.frank")
    page.locator("#id_password").fill("sure-start-demo")
    submit(page, "Sign in")
    expect(page.locator(".govuk-error-summary")).to_contain_text(messages.locked_out())
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_the_timeout_warning_renews_the_session_or_signs_out(page, demo_world, settings):
    settings.SESSION_IDLE_TIMEOUT = 10
    settings.SESSION_TIMEOUT_WARNING = 7
    sign_in(page, "sw.sara")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")

    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=8_000)
    expect(dialog).to_contain_text("For your security, we will sign you out in")
    check(page)  # axe with the modal dialog open
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    # The renewal reached the server: a page well past the first deadline is still signed in.
    time.sleep(4)
    visit(page, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")

    # This time do nothing: the session ends and the page says why.
    expect(dialog).to_be_visible(timeout=8_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in", timeout=15_000)
    check(page)
    assert messages.signed_out_idle() in main_text(page)


def test_the_timeout_warning_offers_sign_out(page, demo_world, settings):
    settings.SESSION_IDLE_TIMEOUT = 8
    settings.SESSION_TIMEOUT_WARNING = 6
    sign_in(page, "fsw.fiona")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=8_000)
    with page.expect_navigation():
        dialog.get_by_role("button", name="Sign out").click()
    check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_your_account_pages_change_password_and_sign_out_everywhere(signed_in):
    page = signed_in("hv.hana")
    follow(page, "Your account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    follow(page, "Change your password")
    submit(page, "Change password")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your current password")
    page.get_by_label("Current password").fill("sure-start-demo")
    page.get_by_label("New password", exact=True).fill("sure-start-2026!")
    page.get_by_label("Confirm new password").fill("sure-start-2026!")
    submit(page, "Change password")
    expect(page.locator(".govuk-error-summary")).to_contain_text(CONTEXT_WORD_USED)
    page.get_by_label("Current password").fill("sure-start-demo")
    page.get_by_label("New password", exact=True).fill("a quiet river at dawn")
    page.get_by_label("Confirm new password").fill("a quiet river at dawn")
    submit(page, "Change password")
    expect(page.get_by_role("alert")).to_contain_text(messages.PASSWORD_CHANGED)
    follow(page, "Get new backup codes")
    submit(page, "Get new backup codes")
    expect(page.locator(".govuk-error-summary")).to_contain_text(messages.CODE_REQUIRED)
    visit(page, "/account/")
    submit(page, "Sign out everywhere")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("region", name="Important")).to_contain_text(messages.SIGNED_OUT_EVERYWHERE)


def test_a_manager_resets_a_colleagues_authenticator_app(signed_in):
    page = signed_in("mgr.maya")
    follow(page, "Your account")
    follow(page, "Reset a member of staff's authenticator app")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset an authenticator app")
    expect(page.get_by_role("table")).to_contain_text("fsw.frank")
    expect(page.get_by_role("table")).not_to_contain_text("hv.hugo")
    submit(page, "Reset authenticator app")
    expect(page.locator(".govuk-error-summary")).to_contain_text(messages.RESET_CHOOSE)
    page.get_by_label("Frank Fletcher (fsw.frank)").check()
    page.get_by_label("Why are you resetting it?").fill("New phone")
    submit(page, "Reset authenticator app")
    expect(page.get_by_role("alert")).to_contain_text(messages.reset_done("Frank Fletcher"))
    assert not TOTPDevice.objects.filter(user__username="fsw.frank").exists()
