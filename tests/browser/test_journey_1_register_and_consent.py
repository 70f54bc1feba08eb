"""Journey 1: a health visitor registers a family and records consent (hv.hana)."""
import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import follow, submit

pytestmark = pytest.mark.browser

POSTCODE_MESSAGE = "Enter a real postcode, like NR1 1AB"


def fill_date(page: Page, name: str, day: dt.date) -> None:
    page.locator(f"[name={name}_0]").fill(str(day.day))
    page.locator(f"[name={name}_1]").fill(str(day.month))
    page.locator(f"[name={name}_2]").fill(str(day.year))


def expect_date(page: Page, name: str, day: dt.date) -> None:
    expect(page.locator(f"[name={name}_0]")).to_have_value(str(day.day))
    expect(page.locator(f"[name={name}_1]")).to_have_value(str(day.month))
    expect(page.locator(f"[name={name}_2]")).to_have_value(str(day.year))


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_health_visitor_registers_family_records_consent_note_and_withdrawal(signed_in, demo_world):
    page = signed_in("hv.hana")
    today = timezone.localdate()
    mother_born = dt.date(today.year - 27, 3, 14)
    baby_born = today - dt.timedelta(weeks=6)

    # 1–2. Register a family: a mother and a 6-week-old baby at an NR1 postcode, with a typo.
    follow(page, "Register a family", role="button")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a family")
    page.get_by_label("Address line 1").fill("45 Prince of Wales Road")
    page.get_by_label("Town or city").fill("Norwich")
    page.get_by_label("Postcode").fill("NR1 1A")
    page.locator("#id_carer1_first_name").fill("Nadia")
    page.locator("#id_carer1_last_name").fill("Nowak")
    fill_date(page, "carer1_date_of_birth", mother_born)
    page.locator("#id_carer1_relationship_1").check()  # Mother
    page.locator("#id_carer1_parental_responsibility_1").check()  # Yes
    page.locator("#id_child1_first_name").fill("Nina")
    page.locator("#id_child1_last_name").fill("Nowak")
    fill_date(page, "child1_date_of_birth", baby_born)
    submit(page, "Register family")

    expect(page).to_have_title("Error: Register a family – Sure Start case records")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("listitem")).to_have_count(1)
    expect(summary.get_by_role("link", name=POSTCODE_MESSAGE)).to_have_attribute("href", "#id_postcode")
    expect(page.locator("#div_id_postcode .govuk-error-message")).to_contain_text(POSTCODE_MESSAGE)
    # Nothing she typed is lost.
    expect(page.get_by_label("Address line 1")).to_have_value("45 Prince of Wales Road")
    expect(page.get_by_label("Town or city")).to_have_value("Norwich")
    expect(page.get_by_label("Postcode")).to_have_value("NR1 1A")
    expect(page.locator("#id_carer1_first_name")).to_have_value("Nadia")
    expect(page.locator("#id_carer1_last_name")).to_have_value("Nowak")
    expect_date(page, "carer1_date_of_birth", mother_born)
    expect(page.locator("#id_carer1_relationship_1")).to_be_checked()
    expect(page.locator("#id_carer1_parental_responsibility_1")).to_be_checked()
    expect(page.locator("#id_child1_first_name")).to_have_value("Nina")
    expect(page.locator("#id_child1_last_name")).to_have_value("Nowak")
    expect_date(page, "child1_date_of_birth", baby_born)
    # The summary link takes her to the field to fix.
    summary.get_by_role("link", name=POSTCODE_MESSAGE).click()
    expect(page.get_by_label("Postcode")).to_be_focused()

    page.get_by_label("Postcode").fill("nr1 1bl")
    submit(page, "Register family")

    expect(page).to_have_url(f"{demo_world.url}/families/RIV100/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nowak family")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Family RIV100 registered.")
    expect(page.locator("main")).to_contain_text("NR1 1BL")
    expect(page.get_by_role("heading", name="Nadia Nowak")).to_be_visible()
    expect(page.get_by_role("heading", name="Nina Nowak")).to_be_visible()
    expect(page.locator("main")).to_contain_text("No consent recorded.")

    # 3. Record the mother's explicit consent, for herself and the baby.
    follow(page, "Record consent", role="button")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record consent")
    page.locator("fieldset", has_text="Who is giving or refusing consent?").get_by_label("Nadia Nowak").check()
    subjects = page.locator("fieldset", has_text="Who does it cover?")
    subjects.get_by_label("Nadia Nowak").check()
    subjects.get_by_label("Nina Nowak").check()
    expect(page.get_by_label("Explicit consent")).to_be_checked()  # the default
    page.get_by_label("Given", exact=True).check()
    page.get_by_label("Basic information: name, address, postcode, date of birth").check()
    page.get_by_label("Breastfeeding").check()
    page.get_by_label("Emotional health").check()
    page.get_by_label("The centre's multi-agency team").check()
    page.get_by_label("Healthcare").check()
    page.get_by_label("Centre services").check()
    page.get_by_label("Written and signed").check()
    expect_date(page, "given_on", today)  # defaults to today
    informed = page.locator("fieldset", has_text="What did you explain?").get_by_role("checkbox")
    expect(informed).to_have_count(6)
    for box in informed.all():
        box.check()
    submit(page, "Save consent")

    # 4. The consent record, to print and hand to the mother.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consent to share information")
    record = page.locator("main")
    expect(record).to_contain_text("Explicit consent: given")
    expect(record).to_contain_text("Nadia Nowak")
    expect(record).to_contain_text("Nina Nowak")
    expect(record).to_contain_text("Basic information: name, address, postcode, date of birth")
    expect(record).to_contain_text("Breastfeeding")
    expect(record).to_contain_text("Emotional health")
    expect(record).not_to_contain_text("Safeguarding")
    expect(record).to_contain_text("Healthcare")
    expect(record).to_contain_text("Centre services")
    expect(record).to_contain_text(f"Written and signed, on {long_date(today)}")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.govuk-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Changing your mind")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator("header.govuk-header")).to_be_visible()

    # 5. A sensitive note about the baby (breastfeeding at 6–8 weeks).
    follow(page, "Back to family RIV100")
    follow(page, "Add a note about Nina Nowak")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a note about Nina Nowak")
    page.get_by_label("Breastfeeding").check()
    page.get_by_label("Note", exact=True).fill("Breastfeeding well at the 6–8 week review.")
    submit(page, "Save note")

    expect(page.get_by_role("heading", level=1)).to_have_text("Nowak family")
    baby = page.locator("section", has=page.get_by_role("heading", name="Nina Nowak"))
    expect(baby.locator(".app-note")).to_have_count(1)
    expect(baby.locator(".app-note")).to_contain_text("Breastfeeding")
    expect(baby.locator(".app-note")).to_contain_text("Breastfeeding well at the 6–8 week review.")
    expect(baby).to_contain_text(
        f"Shown because: Explicit consent given by Nadia Nowak (RIV100-P1) as mother on {long_date(today)}"
    )

    # 6. The mother withdraws consent: one short step, the date defaults to today.
    consents = page.locator("section", has=page.get_by_role("heading", name="Consent", exact=True))
    rows = consents.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Explicit consent given on {long_date(today)}")
    expect(rows.first.locator(".govuk-tag")).to_have_text("Given")
    follow(page, "Withdraw")
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw consent")
    expect_date(page, "withdrawn_on", today)
    # A withdrawal is not an objection (POLICY.md "Decisions taken since"): the page warns, and
    # asks as its own question whether the family also objects.
    expect(page.locator("main .govuk-warning-text")).to_contain_text("Withdrawing consent is not an objection")
    submit(page, "Withdraw consent")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether the family also objects")
    page.get_by_label("No", exact=True).check()
    submit(page, "Withdraw consent")

    # The confirmation lists who saw information under the consent (UK GDPR Art. 19, issue 10).
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Consent withdrawn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who saw information under this consent")
    follow(page, "Continue to family", role="button")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nowak family")
    consents = page.locator("section", has=page.get_by_role("heading", name="Consent", exact=True))
    rows = consents.locator("tbody tr")
    # The history is kept whole: the original row is still there, now marked withdrawn.
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Explicit consent given on {long_date(today)}")
    expect(rows.first.locator(".govuk-tag")).to_have_text(re.compile(rf"^Withdrawn on 0?{today.day} {today:%B %Y}$"))
    expect(rows.first.get_by_role("link", name="View and print")).to_be_visible()
    expect(rows.first.get_by_role("link", name="Withdraw")).to_have_count(0)
    # Withdrawal takes effect at once for everything that rested on the consent: the note is
    # sensitive, so it is no longer shared for healthcare — except that Hana wrote it herself
    # ("recorded by you"). The health duty of care goes on: Nina is under 4 and the family has not
    # objected, so her name and her mother's stay on Hana's page.
    main = page.locator("main")
    expect(main).to_contain_text("Nadia Nowak")
    baby = page.locator("section", has=page.get_by_role("heading", name="Nina Nowak", exact=True))
    expect(baby).to_contain_text("Basic information shown because: Health duty of care")
    expect(baby).to_contain_text("Sensitive information not shared with you.")
    expect(baby).to_contain_text("Nadia Nowak (RIV100-P1) withdrew consent on")
    expect(baby).to_contain_text("Notes you recorded")
    expect(baby).to_contain_text("Breastfeeding well at the 6–8 week review.")

    # The printed record now says it was withdrawn.
    follow(page, "View and print")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consent to share information")
    expect(page.locator("main .govuk-tag")).to_have_text(re.compile(r"^Withdrawn on "))
    expect(page.locator("main dl.govuk-summary-list")).to_contain_text("Withdrawn")
