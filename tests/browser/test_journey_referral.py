"""Issue 15: a practitioner refers a family member to a partner agency (hv.hana); the agency's worker
(ext.ella, City Housing Support) signs in, sees the referral and accepts it. axe on every page."""
import pytest
from playwright.sync_api import expect

from sharing.models import Disclosure, Referral
from sharing.referral_forms import BASIC_REQUIRED, WHY_REQUIRED
from tests.browser.conftest import follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_a_health_visitor_refers_and_the_agency_accepts(signed_in, demo_world):
    page = signed_in("hv.hana")
    visit(page, "/families/EVA/")
    follow(page, "Refer Erin Evans to a partner agency")
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer to a partner agency")

    # Nothing chosen: the error summary says what is missing, and nothing is sent.
    page.locator("#id_basic").uncheck()
    submit(page, "Check what will be sent")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(BASIC_REQUIRED)
    expect(summary).to_contain_text(WHY_REQUIRED)

    # Choose the agency and what to send: basic details, and the lifestyle and breastfeeding topics.
    page.get_by_label("City Housing Support").check()
    page.get_by_label("Centre services").check()
    page.locator("#id_basic").check()
    page.get_by_label("Lifestyle factors").check()
    page.get_by_label("Breastfeeding").check()
    page.get_by_label("Why are you referring them?").fill("Rent arrears: please contact Erin about a payment plan.")
    submit(page, "Check what will be sent")

    # The preview: exactly what the agency receives, and what is left out and why.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what will be sent")
    contents = page.get_by_test_id("pack-contents")
    expect(contents).to_contain_text("Erin Evans (EVA-P1)")
    expect(contents).to_contain_text("5 Elm Hill")
    left_out = page.get_by_test_id("pack-left-out")
    expect(left_out).to_contain_text("Lifestyle factors")
    expect(left_out).to_contain_text("Breastfeeding")
    expect(left_out).to_contain_text("covers basic information only")
    expect(page.locator("main")).not_to_contain_text("Rent arrears; referred to debt advice.")
    sent_before = Referral.objects.count()
    submit(page, "Send referral")

    referral = Referral.objects.order_by("-id").first()
    assert Referral.objects.count() == sent_before + 1
    assert (referral.sent_by.username, referral.sent_basic, referral.sent_topics) == ("hv.hana", True, [])
    assert set(Disclosure.objects.filter(referral=referral).values_list("recipient_agency__name", flat=True)) == {
        "City Housing Support"
    }
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral to City Housing Support")
    expect(page.get_by_test_id("referral-status")).to_have_text("Sent")
    expect(page.get_by_role("link", name="print the referral pack")).to_be_visible()
    follow(page, "print the referral pack")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral pack for City Housing Support")

    # The agency's worker signs in and sees the referrals sent to her agency.
    page.context.clear_cookies()
    sign_in(page, "ext.ella")
    follow(page, "Referrals sent to City Housing Support")
    expect(page.get_by_test_id("referral-list")).to_contain_text("Erin Evans (EVA-P1)")
    visit(page, f"/sharing/referrals/{referral.pk}/")
    expect(page.get_by_test_id("referral-person")).to_contain_text("Erin Evans")
    expect(page.get_by_test_id("referral-left-out")).to_contain_text("Lifestyle factors")
    follow(page, "Accept or decline this referral", role="button")
    page.get_by_label("Accept the referral").check()
    page.get_by_label("Note for the centre (optional)").fill("We will call Erin this week.")
    submit(page, "Send your answer")
    expect(page.get_by_test_id("referral-status")).to_have_text("Accepted")
    expect(page.get_by_test_id("referral-events")).to_contain_text("We will call Erin this week.")
    # Only what was sent to her agency: no other family, and the pack is the centre's to print.
    visit(page, f"/sharing/referrals/{referral.pk}/pack/", status=403)
