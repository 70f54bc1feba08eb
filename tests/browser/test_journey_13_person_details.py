"""Issue 13 journeys: a health visitor records other personal details, a viewer without the topic
sees them redacted; search as you type; tables that reflow at 375 px. axe on every page."""
import pytest
from playwright.sync_api import Page, expect

from families.models import Person
from sharing.models import Disclosure
from tests.browser.conftest import check, follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways at 375 px: {width}"


def test_health_visitor_records_details_and_a_viewer_without_the_topic_sees_them_redacted(signed_in, demo_world):
    page = signed_in("hv.hana")
    visit(page, "/families/ONE/")
    follow(page, "Change details of Niamh O’Neil")
    page.get_by_label("NHS number (optional)").fill("123 456 7890")
    submit(page, "Save details")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a valid NHS number")
    page.get_by_label("NHS number (optional)").fill("401 023 2145")
    page.get_by_label("Sex (optional)").select_option("female")
    page.get_by_label("Ethnic group (optional)").select_option("white_irish")
    page.get_by_label("Preferred language (optional)").fill("English")
    page.get_by_role("group", name="Is an interpreter needed?").get_by_label("No", exact=True).check()
    page.get_by_label("GP practice (optional)").fill("Tombland Surgery")
    submit(page, "Save details")
    details = page.get_by_test_id("personal-details-ONE-C1")
    expect(details).to_contain_text("401 023 2145")
    expect(details).to_contain_text("White: Irish")
    assert Person.objects.get(reference="ONE-C1").nhs_number == "4010232145"

    # The family support worker: Siobhán's consent for centre services leaves out other personal details.
    page.context.clear_cookies()
    sign_in(page, "fsw.frank")
    visit(page, "/families/ONE/")
    expect(page.get_by_test_id("personal-details-redacted-ONE-C1")).to_contain_text(
        "Other personal details not shared with you"
    )
    expect(page.locator("main")).not_to_contain_text("401 023 2145")
    expect(page.locator("main")).to_contain_text("Settling in after moving from Cork")
    frank_rows = Disclosure.objects.filter(
        viewer__username="fsw.frank", subject__reference="ONE-C1", category="sensitive"
    )
    assert frank_rows.exists()


def test_search_as_you_type_finds_siobhan_oneil(signed_in, demo_world):
    page = signed_in("hv.hana")
    start = page.url
    page.get_by_label("Search by name, reference, postcode or NHS number").press_sequentially("siobahn oneil", delay=30)
    results = page.locator("[data-search-results]")
    expect(results).to_contain_text("Siobhán O’Neil")
    expect(results).not_to_contain_text("Alice Adams")
    expect(page.get_by_role("status")).to_contain_text("found")
    assert page.url != start and "q=siobahn" in page.url  # the address can be shared or reloaded
    check(page)
    # Without JavaScript the same form still works (a plain GET).
    visit(page, "/?q=O%27Neil%2C+Siobhan")
    expect(page.locator("main table.app-table--reflow").first).to_contain_text("Siobhán O’Neil")


def test_tables_reflow_at_375_px(signed_in, demo_world):
    page = signed_in("mgr.maya")
    page.set_viewport_size({"width": 375, "height": 812})
    visit(page, "/")
    _no_sideways_scroll(page)
    visit(page, "/families/ADA/")
    follow(page, "Who has seen this record")
    _no_sideways_scroll(page)
