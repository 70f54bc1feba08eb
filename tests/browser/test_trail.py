"""The manager's trail in Chromium, with axe on every page (issue 10)."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_manager_filters_the_trail_opens_a_practitioner_and_seen_without_consent(page, demo_world):
    sign_in(page, "fsw.frank")
    visit(page, "/families/MOR/")  # under his public-interest override, not yet reviewed
    submit(page, "Sign out")

    sign_in(page, "mgr.maya")
    follow(page, "Trail")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trail: who saw what, when, and on what basis")
    trail = page.get_by_test_id("trail")
    expect(trail.get_by_test_id("entry-read").first).to_be_visible()
    expect(trail.get_by_test_id("entry-change").first).to_be_visible()

    # Filter: Frank's reads of MOR-C1, shown on the basis of public interest.
    page.locator(".govuk-details__summary").click()
    page.get_by_label("Reads only").check()
    page.get_by_label("Practitioner's username").fill("fsw.frank")
    page.get_by_label("Family or person reference").fill("MOR-C1")
    page.get_by_label("Outcome").select_option("shown")
    submit(page, "Apply filters")
    rows = page.get_by_test_id("entry-read")
    expect(rows.first).to_contain_text("Public interest")
    expect(page.get_by_test_id("entry-change")).to_have_count(0)
    for text in rows.all_inner_texts():
        assert "MOR-C1" in text and "Frank" in text
    expect(page.get_by_test_id("trail-accesses")).to_contain_text("practitioner fsw.frank")

    # A practitioner's page, from their name on the trail.
    follow(page, "Frank Fletcher")
    expect(page.get_by_role("heading", level=1)).to_have_text("Frank Fletcher (fsw.frank)")
    expect(page.get_by_test_id("entry-read").first).to_contain_text("MOR-C1")

    # Seen without consent: MOR-C1 under public interest, and the override still to review.
    visit(page, "/sharing/trail/")
    follow(page, "Seen without consent")
    expect(page.get_by_test_id("seen-without-consent")).to_contain_text("MOR-C1")
    expect(page.get_by_test_id("unreviewed-overrides")).to_contain_text("fsw.frank")
    follow(page, "Review override")
    expect(page.get_by_role("heading", level=1)).to_contain_text("override on MOR-C1")


def test_withdrawal_lists_who_saw_under_the_consent(page, demo_world):
    sign_in(page, "ext.ella")
    visit(page, "/families/EVA/")
    submit(page, "Sign out")

    sign_in(page, "hv.hana")
    visit(page, "/families/EVA/")
    follow(page, "Withdraw")
    page.get_by_label("No", exact=True).check()
    submit(page, "Withdraw consent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who saw information under this consent")
    recipients = page.get_by_test_id("consent-recipients")
    expect(recipients).to_contain_text("City Housing Support")
    expect(recipients).to_contain_text("External agency")
