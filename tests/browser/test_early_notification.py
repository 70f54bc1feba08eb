"""Issue 14: early notification, in the browser (leaflet, maternity section, steps 1–5)."""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consent.services import add_months
from tests.browser.conftest import follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_midwife_sends_and_the_named_contact_accepts_refuses_and_declines(page, demo_world):
    # Steps 1–3: the midwife sends a notification to Riverside, with every informed point explained.
    sign_in(page, "mw.mary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")
    follow(page, "Early notifications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Early notifications")
    follow(page, "Send an early notification", role="button")
    submit(page, "Send notification")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the expectant parent's first name")
    expect(summary).to_contain_text("Select yes if the family gave explicit consent")
    page.get_by_label("Riverside Children's Centre").check()
    page.locator("#id_parent_first_name").fill("Rosa")
    page.locator("#id_parent_last_name").fill("Reed")
    page.locator("#id_parent_date_of_birth_0").fill("4")
    page.locator("#id_parent_date_of_birth_1").fill("5")
    page.locator("#id_parent_date_of_birth_2").fill("1994")
    due = add_months(timezone.localdate(), 5)
    page.locator("#id_due_date_0").fill(str(due.day))
    page.locator("#id_due_date_1").fill(str(due.month))
    page.locator("#id_due_date_2").fill(str(due.year))
    page.locator("#id_address_line_1").fill("2 King Street")
    page.locator("#id_town").fill("Norwich")
    page.locator("#id_postcode").fill("NR1 1RR")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("The expectant parent", exact=True).check()
    for box in page.locator("input[name=informed]").all():
        box.check()
    submit(page, "Send notification")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent to Riverside Children's Centre")
    expect(page.get_by_test_id("notification-state")).to_have_text("Waiting for the centre")
    submit(page, "Sign out")

    # Another centre's manager does not see it: not in the list, and its page is "not found".
    sign_in(page, "mgr.milo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")
    follow(page, "Early notifications sent to your centre")
    expect(page.locator("main")).not_to_contain_text("Reed")
    submit(page, "Sign out")

    # Step 5: Riverside's named contact accepts it: the family and its consent are registered.
    sign_in(page, "mgr.maya")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")
    follow(page, "Early notifications sent to your centre")
    incoming = page.locator("main table").first
    expect(incoming).to_contain_text("Rosa Reed")
    expect(incoming).to_contain_text("Nadia Nash")
    page.get_by_role("row", name="Rosa Reed").get_by_role("link").click()
    page.wait_for_load_state("load")
    expect(page.get_by_test_id("informed")).to_have_text("Every point was explained")
    submit(page, "Save decision")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select accept or decline")
    page.get_by_label("Accept: register the family and its consent").check()
    submit(page, "Save decision")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Notification accepted: family RIV")
    expect(page.locator("main")).to_contain_text("Rosa")

    # The notification whose checklist was not completed cannot be accepted (step 5).
    visit(page, "/intake/notifications/")
    page.get_by_role("row", name="Olivia Owen").get_by_role("link").click()
    page.wait_for_load_state("load")
    expect(page.get_by_test_id("informed")).to_contain_text("Not every point was explained")
    page.get_by_label("Accept: register the family and its consent").check()
    submit(page, "Save decision")
    expect(page.get_by_test_id("notification-state")).to_have_text("Not accepted: informed consent was not recorded")
    expect(page.locator("main")).not_to_contain_text("Owen")

    # The other is declined, saying why; its details are removed.
    visit(page, "/intake/notifications/")
    page.get_by_role("row", name="Nadia Nash").get_by_role("link").click()
    page.wait_for_load_state("load")
    page.get_by_label("Decline", exact=True).check()
    submit(page, "Save decision")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why you are declining the notification")
    page.get_by_label("Decline", exact=True).check()
    page.get_by_label("The family told us they no longer want contact").check()
    submit(page, "Save decision")
    expect(page.get_by_test_id("notification-state")).to_have_text("Declined by the centre")
    expect(page.locator("main")).to_contain_text("the family told us they no longer want contact")
    expect(page.locator("main")).not_to_contain_text("Nash")
