"""Reach-area figures and the information sharing protocol register in Chromium, with axe on every
page (issue 14): the demo world with a training population."""
import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check, follow, sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def population(demo_world):
    from demo.population import population_add

    population_add(families=300)


def test_manager_reads_figures_with_suppressed_cells_charts_and_a_csv(page, population):
    sign_in(page, "mgr.maya")
    follow(page, "Figures")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reach-area figures")
    children = page.get_by_test_id("table-children")
    expect(children).to_contain_text("NR1 1")
    expect(children).to_contain_text("Whole centre")
    # Real numbers next to suppressed cells (the small ethnic groups of a sector).
    expect(page.locator("[data-suppressed]").first).to_be_visible()
    expect(page.get_by_test_id("figures-suppression")).to_contain_text("[c] means suppressed")
    expect(page.locator("svg[role=img]")).to_have_count(4)
    # Another period.
    page.locator(".govuk-details__summary").first.click()
    start = (dt.date.today() - dt.timedelta(days=90)).isoformat()
    page.get_by_label("From (YYYY-MM-DD)").fill(start)
    page.get_by_label("To (YYYY-MM-DD)").fill(dt.date.today().isoformat())
    submit(page, "Show figures")
    expect(page.get_by_test_id("figures-period")).to_contain_text("to ")
    with page.expect_download() as download:
        page.get_by_test_id("figures-export").click()
    assert download.value.suggested_filename.startswith("figures-riverside-childrens-centre-")


def test_manager_keeps_the_protocol_register_and_exports_under_a_protocol(page, demo_world):
    sign_in(page, "mgr.maya")
    follow(page, "Figures")
    follow(page, "Information sharing protocols")
    expect(page.get_by_role("heading", level=1)).to_have_text("Information sharing protocols")
    expect(page.get_by_test_id("protocols-past-review")).to_contain_text("1 protocol is past its review date")
    follow(page, "Add a protocol")
    page.get_by_label("Partner organisation").fill("Norfolk Library Service")
    page.get_by_label("Group figures only").check()
    page.get_by_label("Categories of data").fill("Children under 5 by postcode sector")
    page.get_by_label("Purpose").fill("Planning rhyme-time sessions")
    page.get_by_label("Legal basis").select_option("public_task")
    page.get_by_label("Start date (YYYY-MM-DD)").fill(dt.date.today().isoformat())
    page.get_by_label("Review date (YYYY-MM-DD)").fill((dt.date.today() + dt.timedelta(days=365)).isoformat())
    page.get_by_label("Active").check()
    submit(page, "Save protocol")
    expect(page.get_by_test_id("protocols")).to_contain_text("Norfolk Library Service")
    check(page)
    follow(page, "Figures")
    page.get_by_label("Sharing these figures with a partner?").select_option(index=0)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download for the partner (CSV)").click()
    first_line = Path(download.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert "Shared with " in first_line and "under the information sharing protocol" in first_line
