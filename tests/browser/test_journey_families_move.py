"""Issue 13, "the family then moves to Hillview": registration checks the reach areas, and a
manager's transfer moves what Hillview may see to exactly what the policy allows.

The family moved is Adams (ADA): a child aged 1, so the health duty of care (¶15) applies at
the new centre, and explicit consent to the Riverside team covering every sensitive topic, so
the journey shows that consent to one centre's team does not cover another's (consent box).
"""
import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from families.models import Family, FamilyTransfer
from tests.browser.conftest import follow, sign_in, submit, visit
from tests.browser.test_journey_1_register_and_consent import fill_date

pytestmark = pytest.mark.browser

ADAMS_CHILD_NOTE = "Breastfeeding well at 6–8 week review"
ADAMS_MOTHER_NOTE = "Mood good; attends the Tuesday stay-and-play group."


def sign_out(page) -> None:
    visit(page, "/")  # the 404 page needs no database, so it has no sign-out button
    submit(page, "Sign out")


def test_registering_at_a_hillview_postcode_says_it_is_hillviews_area(signed_in, demo_world):
    page = signed_in("hv.hana")
    today = timezone.localdate()
    follow(page, "Register a family", role="button")
    page.get_by_label("Address line 1").fill("2 Hill Road")
    page.get_by_label("Town or city").fill("Norwich")
    page.get_by_label("Postcode").fill("NR3 1HL")
    page.locator("#id_carer1_first_name").fill("Hetty")
    page.locator("#id_carer1_last_name").fill("Hall")
    fill_date(page, "carer1_date_of_birth", dt.date(today.year - 30, 5, 1))
    page.locator("#id_carer1_relationship_1").check()  # Mother
    page.locator("#id_carer1_parental_responsibility_1").check()  # Yes
    page.locator("#id_child1_first_name").fill("Harry")
    page.locator("#id_child1_last_name").fill("Hall")
    fill_date(page, "child1_date_of_birth", today - dt.timedelta(weeks=8))
    submit(page, "Register family")

    message = (
        "NR3 1HL is in Hillview Children's Centre's reach area, not Riverside Children's Centre's. "
        "Ask Hillview Children's Centre to register the family, or tick the box to register it with "
        "Riverside Children's Centre"
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#id_confirm_area")
    assert not Family.objects.filter(reference__startswith="RIV").exists()
    # Nothing she typed is lost; she goes on and registers the family with her own centre.
    expect(page.get_by_label("Postcode")).to_have_value("NR3 1HL")
    page.get_by_label("Register the family with my centre anyway").check()
    submit(page, "Register family")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hall family")
    assert Family.objects.get(reference="RIV100").centre.name == "Riverside Children's Centre"


def test_the_family_moves_to_hillview_and_hillview_sees_only_what_the_policy_allows(page, demo_world):
    # Before the move, Hillview's health visitor cannot reach the Adams family at all.
    sign_in(page, "hv.hugo")
    visit(page, "/families/ADA/", status=404)
    sign_out(page)

    # mgr.maya transfers Adams to Hillview from the family page.
    sign_in(page, "mgr.maya")
    visit(page, "/families/ADA/")
    follow(page, "Transfer this family to another centre")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transfer family ADA to another centre")
    submit(page, "Transfer family")  # nothing chosen: the error says what to do, nothing moves
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Select the centre the family is moving to")).to_be_visible()
    assert not FamilyTransfer.objects.exists()
    page.get_by_label("Hillview Children's Centre").check()
    submit(page, "Transfer family")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Family ADA transferred to Hillview Children's Centre."
    )
    # Maya no longer sees the family: not in her list, and its page is not found.
    expect(page.locator("main")).not_to_contain_text("Adams")
    visit(page, "/families/ADA/", status=404)
    sign_out(page)

    # hv.hugo: basic information by the health duty of care, no sensitive notes.
    sign_in(page, "hv.hugo")
    expect(page.locator("main")).to_contain_text("Archie Adams")
    visit(page, "/families/ADA/")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adams family")
    expect(page.get_by_role("heading", name="Archie Adams")).to_be_visible()
    expect(main).to_contain_text("12 Riverside Road")
    expect(main).to_contain_text("Health duty of care: basic information about a child under 4")
    expect(main).not_to_contain_text(ADAMS_CHILD_NOTE)
    expect(main).not_to_contain_text(ADAMS_MOTHER_NOTE)
    expect(main).to_contain_text("consent to one centre's team does not cover another's")
    history = page.get_by_test_id("transfers")
    expect(history).to_contain_text("Moved from Riverside Children's Centre to Hillview Children's Centre")
    submit(page, "Sign out")

    # fsw.fiona: nothing until new consent is recorded.
    sign_in(page, "fsw.fiona")
    expect(page.locator("main")).not_to_contain_text("Adams")
    visit(page, "/families/ADA/")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Family ADA")
    expect(main).not_to_contain_text("Archie")
    expect(main).not_to_contain_text("Alice")
    expect(main).not_to_contain_text(ADAMS_CHILD_NOTE)
    expect(main).to_contain_text("Basic information not shared with you")
