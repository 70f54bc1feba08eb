"""Journey (issue 15): working together around a child — fsw.frank, hv.hana.

A family support worker trying to start a common assessment (CAF) is told consent to the
assessment is needed; a health visitor records it; he starts the CAF, holds a team-around-the-family
meeting and assigns an action, which its owner sees on her start page. On the way, the social-care
involvement of Ethan Evans stays outlined to him: Evans consented to basic information only.
"""
import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from families.together.models import Assessment, Meeting
from sharing.models import Disclosure
from tests.browser.conftest import follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: dt.date) -> None:
    for i, part in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{i}]").fill(str(part))


def test_consent_to_the_assessment_then_a_caf_a_team_meeting_and_an_action(page, demo_world):
    today = timezone.localdate()
    main = page.locator("main")

    # 1. Frank opens the Evans family's working-together page: the social-care involvement is outlined.
    sign_in(page, "fsw.frank")
    visit(page, "/families/EVA/")
    follow(page, "Who is working with this family, assessments and team meetings")
    expect(page.get_by_role("heading", level=1)).to_have_text("Working with the Evans family")
    expect(page.get_by_test_id("another-service")).to_contain_text("Another service is involved")
    expect(main).not_to_contain_text("Sam Shaw")
    expect(main).not_to_contain_text("social care")

    # 2. He tries to start a CAF of Ethan: consent to the assessment is needed.
    follow(page, "Start an assessment (CAF) of Ethan Evans")
    expect(page.get_by_test_id("assessment-refused")).to_contain_text(
        "explicit, informed consent to the assessment (CAF)"
    )
    expect(page.get_by_role("button", name="Save assessment")).to_have_count(0)
    submit(page, "Sign out")

    # 3. Hana records Erin's consent to the assessment, for Ethan, with the in-centre team.
    sign_in(page, "hv.hana")
    visit(page, "/families/EVA/")
    follow(page, "Record consent", role="button")
    page.locator("fieldset", has_text="Who is giving or refusing consent?").get_by_label("Erin Evans").check()
    page.locator("fieldset", has_text="Who does it cover?").get_by_label("Ethan Evans").check()
    page.get_by_label("Given", exact=True).check()
    page.get_by_label("Assessment (CAF)").check()
    page.get_by_label("The centre's multi-agency team").check()
    # Both purposes: the CAF is shared with the health visitor (healthcare) and the centre's team.
    page.get_by_label("Healthcare").check()
    page.get_by_label("Centre services").check()
    page.get_by_label("Written and signed").check()
    for box in page.locator("fieldset", has_text="What did you explain?").get_by_role("checkbox").all():
        box.check()
    submit(page, "Save consent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consent to share information")
    submit(page, "Sign out")

    # 4. Frank starts the CAF.
    sign_in(page, "fsw.frank")
    visit(page, "/families/EVA/together/")
    follow(page, "Start an assessment (CAF) of Ethan Evans")
    expect(page.get_by_role("button", name="Save assessment")).to_be_visible()
    submit(page, "Save assessment")  # nothing typed: the summary is asked for
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the overall summary of the assessment")
    page.locator("fieldset", has_text="The child's development").get_by_label("Strengths (optional)").fill(
        "Crawling; very sociable."
    )
    page.get_by_label("Overall summary").fill("Ethan is thriving; his mother would like help with housing.")
    submit(page, "Save assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Working with the Evans family")
    expect(page.get_by_test_id("assessment")).to_contain_text("Ethan is thriving")
    expect(page.get_by_test_id("another-service")).to_contain_text("Another service is involved")
    assert Assessment.objects.filter(subject__reference="EVA-C1").count() == 1

    # 5. He holds a team meeting and assigns an action to Hana.
    follow(page, "Record a team meeting", role="button")
    page.get_by_role("radio", name="Ethan Evans (EVA-C1)").check()
    fill_date(page, "held_on", today)
    page.locator("fieldset", has_text="Practitioners who attended").get_by_label("Frank Fletcher", exact=False).check()
    page.locator("fieldset", has_text="Family members who attended").get_by_label("Erin Evans (EVA-P1)").check()
    page.get_by_label("What was agreed").fill("Hana to arrange the 1-year review; Frank to call housing.")
    action = page.locator("fieldset", has_text="Action 1")
    action.get_by_label("Action (optional)").fill("Arrange Ethan's 1-year review")
    action.get_by_label("Owner").select_option(label="Hana Hussain (health visitor)")
    fill_date(page, "action1_due", today + dt.timedelta(days=7))
    submit(page, "Save meeting")
    expect(page.get_by_test_id("meeting")).to_contain_text("Arrange Ethan's 1-year review")
    assert Meeting.objects.filter(subject__reference="EVA-C1").count() == 1
    submit(page, "Sign out")

    # 6. Hana sees the action on her start page.
    sign_in(page, "hv.hana")
    expect(page.get_by_test_id("my-actions")).to_contain_text("Arrange Ethan's 1-year review")
    expect(page.get_by_test_id("my-actions")).to_contain_text("Ethan Evans (EVA-C1)")
    assert Disclosure.objects.filter(context="page:together-start", subject__reference="EVA-C1").exists()
