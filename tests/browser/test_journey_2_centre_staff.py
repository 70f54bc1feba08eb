"""Journey 2: centre staff see what they may, and no more (fsw.frank)."""
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from sharing.forms import DISCUSSED_WITH_NAME_REQUIRED, DISCUSSED_WITH_REQUIRED
from sharing.models import Basis, Disclosure
from tests.browser.conftest import follow, submit, visit

pytestmark = pytest.mark.browser

# What fsw.frank may see on the start page (shared/DEMO.md): Adams, Evans and Jones by consent to
# the in-centre team for centre services; Morris's child only, under his override.
FRANK_SEES = {"ADA-C1", "ADA-P1", "EVA-C1", "EVA-P1", "JON-C1", "JON-P1", "MOR-C1", "ONE-C1", "ONE-P1"}
HIDDEN_SURNAMES = ["Brown", "Clark", "Fisher", "Green", "Hughes"]


def person_section(page: Page, heading: str):
    return page.locator("section.app-person", has=page.get_by_role("heading", name=heading, exact=True))


def start_page_references(page: Page) -> set[str]:
    return set(page.locator("main table tbody tr td:nth-child(2)").all_inner_texts())


def test_family_support_worker_sees_what_he_may_and_opens_an_override(signed_in, demo_world):
    page = signed_in("fsw.frank")

    # 1. The families he may see, and not the others.
    assert start_page_references(page) == FRANK_SEES
    people = page.locator("main table")
    for name in ["Alice Adams", "Archie Adams", "Erin Evans", "Ethan Evans", "Jade Jones", "Jack Jones", "Max Morris"]:
        expect(people).to_contain_text(name)
    expect(people).not_to_contain_text("Molly Morris")
    main = page.locator("main")
    for surname in HIDDEN_SURNAMES:
        expect(main).not_to_contain_text(surname)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You hold a public interest (break the glass) override for MOR-C1 until"
    )

    # 2. Adams: basic details and sensitive notes, with the basis on the page.
    follow(page, "View family of Archie Adams")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adams family")
    expect(main).to_contain_text("12 Riverside Road")
    archie = person_section(page, "Archie Adams")
    expect(archie).to_contain_text("Date of birth")
    expect(archie).to_contain_text(
        "Basic information shown because: Explicit consent given by Alice Adams (ADA-P1) as mother on"
    )
    expect(archie).to_contain_text("Shown because: Explicit consent given by Alice Adams (ADA-P1) as mother on")
    expect(archie.locator(".app-note").filter(has_text="Breastfeeding well")).to_contain_text(
        "Breastfeeding well at 6–8 week review"
    )
    alice = person_section(page, "Alice Adams")
    expect(alice.locator(".app-note")).to_contain_text("Mood good; attends the Tuesday stay-and-play group.")
    expect(main).not_to_contain_text("not shared with you")

    # 3. Evans: basic shown; the sensitive section says it is not shared, why, and what would change it.
    visit(page, "/")
    follow(page, "View family of Ethan Evans")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evans family")
    expect(main).to_contain_text("5 Elm Hill")
    for name in ["Erin Evans", "Ethan Evans"]:
        section = person_section(page, name)
        expect(section).to_contain_text(
            "Basic information shown because: Explicit consent given by Erin Evans (EVA-P1) as mother"
        )
        # The sensitive notes' redaction (other personal details say so in their own words).
        redacted = section.locator(".app-redacted").filter(has_text="Sensitive information not shared with you.")
        expect(redacted).to_have_count(1)
        expect(redacted).to_contain_text("Sensitive information not shared with you.")
        expect(redacted).to_contain_text("covers basic information only")
        expect(redacted).to_contain_text("record consent that includes it")
    expect(main).not_to_contain_text("Rent arrears")

    # Brown is a family of his centre, but nothing about it is shared with him.
    visit(page, "/families/BRO/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Family BRO")
    for word in ["Brown", "Beth", "Billy", "3 Mill Street", "Missed the 2-year"]:
        expect(main).not_to_contain_text(word)
    child = person_section(page, "BRO-C1")
    expect(child.locator(".app-redacted").first).to_contain_text(
        "Basic information not shared with you. No explicit consent covers basic information"
    )
    expect(child.locator(".app-redacted").nth(1)).to_contain_text("Sensitive information not shared with you.")
    expect(page.locator(".govuk-notification-banner")).to_have_count(0)
    # The page points to the lawful route beside the redaction.
    expect(child.get_by_role("link", name="open a public-interest override for BRO-C1")).to_have_attribute(
        "href", "/sharing/override/new/?reference=BRO-C1"
    )

    # 4. A safeguarding concern about BRO-C1: a public-interest override, then the record.
    visit(page, "/")
    page.get_by_text("Concerned about a child whose record you cannot see?").click()
    follow(page, "open a public-interest override")
    expect(page).to_have_url(f"{demo_world.url}/sharing/override/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a public-interest override")
    page.get_by_label("Reference of the person").fill("bro-c1")
    page.get_by_label("Basic information (name, address, postcode, date of birth)").check()
    page.get_by_label("Sensitive information (notes, assessments, health)").check()
    page.get_by_label("Why is sharing justified?").fill(
        "A colleague saw marks on Billy's arm at the toddler group; I need his record to judge the risk."
    )
    hours = page.get_by_label("For how many hours?")
    expect(hours).to_have_class(re.compile(r"(^|\s)govuk-input(\s|$)"))  # a GOV.UK text input, styled
    expect(hours).to_have_value("24")  # the default
    hours.fill("8")
    # ¶14: a public-interest judgement must have been discussed with someone; say so, keep the rest.
    submit(page, "Open override")
    summary = page.locator(".govuk-error-summary")
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [DISCUSSED_WITH_REQUIRED, DISCUSSED_WITH_NAME_REQUIRED]
    )
    expect(links.first).to_have_attribute("href", "#id_discussed_with_1")
    expect(page.get_by_label("Reference of the person")).to_have_value("bro-c1")  # as typed
    expect(page.get_by_label("Sensitive information (notes, assessments, health)")).to_be_checked()
    expect(page.get_by_label("Why is sharing justified?")).to_have_value(re.compile("^A colleague saw marks"))
    expect(hours).to_have_value("8")

    page.get_by_label("Designated safeguarding lead").check()
    page.get_by_label("Their name").fill("Sam Patel")
    submit(page, "Open override")

    expect(page.get_by_role("heading", level=1)).to_have_text("Brown family")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Override opened.")
    banner = page.locator(".govuk-notification-banner", has=page.get_by_role("heading", name="Shown under an override"))
    expect(banner).to_have_count(1)
    expect(banner).to_contain_text(
        "Billy Brown (BRO-C1) is shown to you under an override: Public-interest override you opened, until"
    )
    billy = person_section(page, "Billy Brown")
    expect(billy).to_contain_text("Basic information shown because: Public-interest override you opened")
    expect(billy.locator(".app-note")).to_contain_text("Missed the 2-year developmental review; letter sent.")
    # The override is for the child alone: his mother stays hidden.
    expect(person_section(page, "BRO-P1")).to_contain_text("Basic information not shared with you.")
    expect(main).not_to_contain_text("Beth")

    # Every reveal was recorded, with its basis.
    frank = get_user_model().objects.get(username="fsw.frank")
    seen = Disclosure.objects.filter(viewer=frank, permitted=True)
    assert seen.filter(subject__reference="BRO-C1", basis=Basis.PUBLIC_INTEREST, category="basic").exists()
    assert seen.filter(subject__reference="BRO-C1", basis=Basis.PUBLIC_INTEREST, category="sensitive").exists()
    assert seen.filter(subject__reference="ADA-C1", basis=Basis.EXPLICIT_CONSENT, category="sensitive").exists()
    assert not seen.filter(subject__reference="BRO-P1").exists()
    assert not seen.filter(subject__reference__startswith="EVA", category="sensitive").exists()
