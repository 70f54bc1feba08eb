"""Signing in and out, and the error summary for a wrong password."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check, sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_sign_in_lands_on_start_page_and_sign_out_returns_to_sign_in(page, demo_world):
    sign_in(page, "hv.hana")

    expect(page).to_have_url(f"{demo_world.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")
    expect(page.get_by_text("Signed in as")).to_contain_text("Hana Hussain")

    submit(page, "Sign out")

    expect(page).to_have_url(f"{demo_world.url}/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    # Signed out means signed out: the start page sends us back to sign in.
    visit(page, "/")
    expect(page).to_have_url(f"{demo_world.url}/sign-in/?next=/")


def test_wrong_password_shows_error_summary_linking_to_username(page, demo_world):
    visit(page, "/sign-in/")
    page.locator("#id_username").fill("hv.hana")
    page.locator("#id_password").fill("not-the-password")
    submit(page, "Sign in")

    expect(page).to_have_title("Error: Sign in – Sure Start case records")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    link = summary.get_by_role("link", name="Enter a correct username and password")
    expect(link).to_have_attribute("href", "#id_username")
    expect(page.locator("#id_username")).to_have_value("hv.hana")
    expect(page.locator("#id_password")).to_have_value("")

    # GOV.UK Frontend moves focus to the summary; its link moves focus to the field.
    expect(summary).to_be_focused()
    link.click()
    expect(page.locator("#id_username")).to_be_focused()
    check(page)
