"""Journey (issue 13): a health visitor's caseload shows an overdue 6 to 8 week review; she
records it with the breastfeeding status (hv.hana, Jones JON-C1, 3 months old)."""
import pytest
from playwright.sync_api import Page, expect

from families.models import ReviewContact
from families.services import BREASTFEEDING_REQUIRED
from tests.browser.conftest import follow, submit, visit

pytestmark = pytest.mark.browser


def caseload_row(page: Page, reference: str):
    return page.locator(f'[data-testid="caseload-{reference}"]')


def test_health_visitor_sees_an_overdue_review_and_records_it(signed_in, demo_world):
    page = signed_in("hv.hana")

    # 1. Her start page: her families, each child's next review where she may see attendance.
    expect(page.get_by_role("heading", name="My families")).to_be_visible()
    jack = caseload_row(page, "JON-C1")
    expect(jack).to_contain_text("Jack Jones (JON-C1)")
    expect(jack).to_contain_text("6 to 8 week review: Overdue")
    expect(caseload_row(page, "KHA-C1")).to_contain_text("New birth visit: Due")
    expect(caseload_row(page, "BRO-C1")).to_contain_text("Not shared with you")
    expect(page.locator('[data-testid="caseload"]')).not_to_contain_text("Clark")
    expect(page.locator('[data-testid="caseload-consents-due"]')).to_contain_text("Family IRW")

    # 2. The family page: the child's reviews, the missed appointment, and "Record a contact".
    follow(page, "Family JON of Jack Jones")
    schedule = page.locator('[data-testid="schedule-JON-C1"]')
    expect(schedule.get_by_role("row", name="6 to 8 week review")).to_contain_text("Overdue")
    expect(schedule.get_by_role("row", name="New birth visit")).to_contain_text("Done")
    expect(page.locator("main")).to_contain_text("Not attended")
    follow(page, "Record a contact for Jack Jones")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a contact for Jack Jones")

    # 3. She forgets the breastfeeding status: the error says how to fix it, nothing is lost.
    page.get_by_role("group", name="Which review").get_by_label("6 to 8 week review").check()
    page.get_by_role("group", name="Where").get_by_label("Clinic").check()
    page.get_by_label("Who was present (optional)").fill("Jade (mother) and Jack")
    page.get_by_role("group", name="Outcome").get_by_label("Completed").check()
    page.get_by_label("Note (optional)").fill("Weight on the 50th centile. Bottle and some breast feeds.")
    submit(page, "Save contact")
    expect(page.locator(".govuk-error-summary")).to_contain_text(BREASTFEEDING_REQUIRED)
    expect(page.get_by_label("Who was present (optional)")).to_have_value("Jade (mother) and Jack")
    assert not ReviewContact.objects.filter(subject__reference="JON-C1", outcome="completed",
                                            review="6_8_weeks").exists()
    page.get_by_role("group", name="Breastfeeding (new birth visit and 6 to 8 week review only)").get_by_label(
        "Partially breastfed"
    ).check()
    submit(page, "Save contact")

    # 4. Back on the family page: recorded, the finding shown, the review done.
    expect(page.locator("main")).to_contain_text("6 to 8 week review recorded for Jack Jones.")
    expect(page.locator("main")).to_contain_text("Breastfeeding: Partially breastfed")
    schedule = page.locator('[data-testid="schedule-JON-C1"]')
    expect(schedule.get_by_role("row", name="6 to 8 week review")).to_contain_text("Done")

    # 5. Her start page: no longer overdue; the family is among those she viewed recently.
    visit(page, "/")
    expect(caseload_row(page, "JON-C1")).to_contain_text("9 to 12 month review: Upcoming")
    expect(page.locator('[data-testid="recently-viewed"]')).to_contain_text("Family JON")
