"""Journey 5 (issue 9 items 5, 6 and 10): break the glass has limits, and the family can change its mind.

A manager approves an override opened beyond the limit; the Caldicott Guardian reviews a manager's
own override and reaches the who-has-seen page from the queue; an opener ends an override early;
a health visitor records that a family withdrew its objection. axe-core on every page.
"""
import pytest
from playwright.sync_api import Page, expect

from consent.views import OBJECTION_WITHDRAWN
from sharing.forms import APPROVAL_REQUIRED, END_REASON_REQUIRED
from sharing.views import APPROVED, ENDED
from tests.browser.conftest import follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def open_override(page: Page, reference: str) -> None:
    visit(page, f"/sharing/override/new/?reference={reference}")
    page.get_by_label("Basic information (name, address, postcode, date of birth)").check()
    page.get_by_label("Why is sharing justified?").fill(f"Risk of significant harm to {reference}.")
    page.get_by_label("Line manager").check()
    page.get_by_label("Their name").fill("Sam Patel")
    submit(page, "Open override")


def test_a_manager_approves_an_override_opened_beyond_the_limit(page, demo_world, settings):
    settings.SHARING_OVERRIDE_OPEN_LIMIT = 1
    # Frank already holds the Morris override: one more waits for approval, and he is told so.
    sign_in(page, "fsw.frank")
    open_override(page, "BRO-C1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Family BRO")
    notice = page.locator(".govuk-notification-banner", has=page.get_by_role("heading", name="Important"))
    expect(notice).to_contain_text("it is not open yet: you already hold 1 open overrides")
    expect(page.locator("main")).not_to_contain_text("Billy Brown")
    visit(page, "/")
    expect(page.get_by_role("heading", name="Override waiting for approval")).to_be_visible()
    submit(page, "Sign out")

    # Maya's start page: what waits in her queue, and who opened more than the limit today.
    sign_in(page, "mgr.maya")
    expect(page.get_by_test_id("override-alert")).to_contain_text(
        "Frank Fletcher (fsw.frank) opened 2 overrides on"
    )
    follow(page, "2 items waiting in your review queue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    pending = page.locator("main .app-person", has=page.get_by_role("heading", name="BRO-C1"))
    expect(pending).to_contain_text("Waiting for your approval")
    follow(page, "Approve override on BRO-C1", role="button")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Approve public interest (break the glass) override on BRO-C1"
    )
    submit(page, "Approve override")
    expect(page.locator(".govuk-error-summary")).to_contain_text(APPROVAL_REQUIRED)
    page.get_by_label("I have read the justification and approve this override: it opens now").check()
    submit(page, "Approve override")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(APPROVED)
    # Where to go next: who has seen the family.
    follow(page, "Who has seen family BRO (override on BRO-C1)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has seen family BRO")
    submit(page, "Sign out")

    sign_in(page, "fsw.frank")
    visit(page, "/families/BRO/")
    expect(page.locator("main")).to_contain_text("Billy Brown")


def test_the_caldicott_guardian_reviews_a_managers_override(page, demo_world):
    sign_in(page, "mgr.maya")
    open_override(page, "BRO-C1")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "will be reviewed by the Caldicott Guardian"
    )
    follow(page, "Review queue")
    expect(page.locator("main .app-person", has=page.get_by_role("heading", name="BRO-C1"))).to_have_count(0)
    submit(page, "Sign out")

    sign_in(page, "cg.cara")
    expect(page.locator("main")).to_contain_text("No one's information is shared with you yet.")
    follow(page, "1 item waiting in your review queue")
    pending = page.locator("main .app-person", has=page.get_by_role("heading", name="BRO-C1"))
    expect(pending).to_contain_text("Maya Mills (mgr.maya)")
    expect(page.locator("main .app-person", has=page.get_by_role("heading", name="MOR-C1"))).to_have_count(0)
    follow(page, "Who has seen family BRO (override on BRO-C1)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has seen family BRO")
    expect(page.locator("main table")).to_contain_text("mgr.maya")
    expect(page.locator("main")).not_to_contain_text("Billy")  # references only, and no reach
    follow(page, "Back to the review queue")
    follow(page, "Review override on BRO-C1", role="button")
    page.get_by_label("Justified", exact=True).check()
    submit(page, "Record outcome")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Review recorded.")
    expect(page.locator("main ul.govuk-list > li", has_text="BRO-C1")).to_contain_text("Justified (cg.cara,")


def test_an_opener_ends_an_override_early(page, demo_world):
    sign_in(page, "fsw.frank")
    visit(page, "/families/MOR/")
    expect(page.locator("main")).to_contain_text("Max Morris")
    follow(page, "End this override now (MOR-C1)", role="button")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "End the public interest (break the glass) override on MOR-C1"
    )
    submit(page, "End override")
    expect(page.locator(".govuk-error-summary")).to_contain_text(END_REASON_REQUIRED)
    page.get_by_label("Why are you ending it?").fill("Concern resolved at the multi-agency meeting.")
    submit(page, "End override")
    expect(page.get_by_role("heading", level=1)).to_have_text("Family MOR")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(ENDED)
    expect(page.locator("main")).not_to_contain_text("Max Morris")
    expect(page.get_by_role("heading", name="Shown under an override")).to_have_count(0)
    submit(page, "Sign out")

    sign_in(page, "mgr.maya")
    visit(page, "/sharing/review/")
    expect(page.locator("main .app-person", has=page.get_by_role("heading", name="MOR-C1"))).to_contain_text(
        "Ended early on"
    )


def test_a_health_visitor_records_that_the_family_withdrew_its_objection(page, demo_world):
    sign_in(page, "hv.hana")
    visit(page, "/families/CLA/")
    objections = page.get_by_test_id("objections")
    expect(objections).to_contain_text("Objection in force")
    expect(objections).to_contain_text("Objection made on")
    follow(page, "Record that the family withdrew this objection")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record that the family withdrew this objection")
    page.get_by_label("CLA-P1").check()
    page.get_by_label("By phone").check()
    submit(page, "Record withdrawal")
    # The objection no longer stands: the health duty of care shows Hana the family's names again.
    expect(page.get_by_role("heading", level=1)).to_have_text("Clark family")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(OBJECTION_WITHDRAWN)
    expect(objections).to_contain_text("Objection withdrawn")
    expect(objections).to_contain_text("by Chloe Clark (by phone), recorded by Hana Hussain")
    expect(page.locator("main")).to_contain_text("Charlie Clark")  # the duty of care applies again
