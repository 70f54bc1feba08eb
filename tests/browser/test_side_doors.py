"""Issue 9 in the browser: the purpose is asserted, not chosen; reasons respect the viewer."""
import pytest
from playwright.sync_api import expect

from sharing.models import Disclosure
from tests.browser.conftest import check, submit, visit

pytestmark = pytest.mark.browser


def test_a_family_support_worker_cannot_widen_access_by_asserting_a_purpose(signed_in, demo_world):
    page = signed_in("fsw.frank")
    visit(page, "/families/IRW/")
    options = page.locator("#id_purpose option").all_inner_texts()
    assert options == ["My usual purpose (Centre services)", "Centre services"]
    main = page.locator("main")
    expect(main).not_to_contain_text("Isla")

    # Asking by URL for a purpose his role does not act for is refused, with the reason, and logged.
    visit(page, "/families/IRW/?purpose=monitoring-evaluation")
    expect(main).to_contain_text("does not act for monitoring and evaluation")
    for hidden in ["Isla", "Ivy", "Mixed feeding", "7 Ivory Road"]:
        expect(main).not_to_contain_text(hidden)
    expect(page.locator("#id_purpose option:checked")).to_have_text(
        "Monitoring and evaluation (not a purpose your role acts for)"
    )
    row = Disclosure.objects.filter(viewer__username="fsw.frank", subject__reference="IRW-C1").first()
    assert row.purpose_asserted and not row.permitted


def test_a_denial_tells_what_is_missing_not_what_the_family_decided(signed_in, demo_world):
    page = signed_in("fsw.frank")
    main = page.locator("main")
    for reference in ["GRE", "FIS"]:
        visit(page, f"/families/{reference}/")
        expect(main).to_contain_text("ask a health visitor or the centre manager")
        for word in ["refused", "withdrew", "objected"]:
            expect(main).not_to_contain_text(word)


def test_the_health_visitor_is_told_the_family_s_choice_and_keeps_the_duty_of_care(signed_in, demo_world):
    page = signed_in("hv.hana")
    visit(page, "/families/FIS/")
    main = page.locator("main")
    # Fisher withdrew (centre services): the child under 4 is still hers to see for healthcare.
    expect(page.get_by_role("heading", level=1)).to_have_text("Fisher family")
    expect(main).to_contain_text("Health duty of care")
    visit(page, "/families/FIS/?purpose=centre-services")
    expect(main).to_contain_text("withdrew consent")
    check(page)


def test_check_access_answers_in_words(signed_in, demo_world):
    page = signed_in("mgr.maya")
    visit(page, "/sharing/check-access/")
    page.get_by_label("Member of staff").select_option("fsw.frank")
    page.get_by_label("Reference").fill("ADA-C1")
    submit(page, "Check access")
    answer = page.locator("[data-testid=access-basic]")
    expect(answer).to_contain_text("on the basis of Explicit, informed consent")
    expect(answer).to_contain_text("for centre services")
    expect(answer).not_to_contain_text("explicit_consent")
    expect(answer).not_to_contain_text("centre-services")
