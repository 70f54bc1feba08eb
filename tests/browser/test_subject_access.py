"""Subject access in Chromium, with axe on every page (issue 10)."""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import follow, sign_in, submit

pytestmark = pytest.mark.browser


def test_manager_opens_a_request_produces_the_file_and_records_release(page, demo_world):
    today = timezone.localdate()
    sign_in(page, "mgr.maya")
    follow(page, "Subject access")
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject access requests")
    follow(page, "Open a request", role="button")
    page.get_by_label("Family or person reference").fill("ADA")
    page.get_by_label("Who made the request").fill("Anna Adams (mother)")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    submit(page, "Open the request")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you have checked")
    page.get_by_label("I have checked the requester's identity").check()
    submit(page, "Open the request")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Subject access request opened")
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject access: family ADA")

    follow(page, "Produce the file", role="button")
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject access file")
    expect(page.get_by_test_id("people")).to_contain_text("ADA-C1")
    expect(page.get_by_test_id("consents")).to_contain_text("given")
    expect(page.get_by_test_id("third-party")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_test_id("third-party")).to_be_hidden()
    page.emulate_media(media="screen")

    follow(page, "Back to family ADA's requests")
    page.get_by_label("I have reviewed the file").check()
    submit(page, "Record release")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Release of the subject access file")
    expect(page.get_by_test_id("sar-1").or_(page.locator(".govuk-summary-card")).first).to_contain_text(
        "File released to the requester")
    follow(page, "Back to subject access requests")
    expect(page.get_by_text("There are no open requests.")).to_be_visible()
