"""Journey 3: a manager reviews disclosures (mgr.maya)."""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_manager_reviews_override_sees_who_has_seen_and_checks_access(page, demo_world):
    # Frank looks at Morris under his override first, so there is something revealed to review.
    sign_in(page, "fsw.frank")
    visit(page, "/families/MOR/")
    expect(page.get_by_role("heading", name="Shown under an override")).to_be_visible()
    submit(page, "Sign out")

    # 1. Maya's review queue: Frank's override on MOR-C1, with what was revealed under it.
    sign_in(page, "mgr.maya")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")
    follow(page, "Review queue")
    expect(page).to_have_url(f"{demo_world.url}/sharing/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    main = page.locator("main")
    pending = page.locator("main .app-person", has=page.get_by_role("heading", name="MOR-C1"))
    expect(pending).to_have_count(1)
    expect(pending.get_by_role("heading", level=2)).to_have_text("Public interest (break the glass): MOR-C1")
    expect(pending).to_contain_text("Frank Fletcher (fsw.frank)")
    expect(pending).to_contain_text("Unexplained bruising seen at stay-and-play")
    expect(pending).to_contain_text("Maya Mills, centre manager (Line manager)")
    revealed = pending.locator("dd", has_text="seen by fsw.frank")
    expect(revealed).to_contain_text("basic information seen by fsw.frank (Family page)")
    expect(revealed).to_contain_text("sensitive information seen by fsw.frank (Family page)")

    follow(page, "Review override on MOR-C1", role="button")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Review public interest (break the glass) override on MOR-C1"
    )
    page.get_by_label("Justified", exact=True).check()
    page.get_by_label("Note (optional)").fill("Discussed at supervision; the override was proportionate.")
    submit(page, "Record outcome")

    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Review recorded.")
    expect(page.locator("main .app-person", has=page.get_by_role("heading", name="MOR-C1"))).to_have_count(0)
    expect(main).to_contain_text("Nothing to review.")
    expect(page.get_by_role("heading", name="Reviewed")).to_be_visible()
    reviewed = page.locator("main ul.govuk-list > li", has_text="MOR-C1")
    expect(reviewed).to_have_count(1)
    expect(reviewed).to_contain_text("on MOR-C1 by fsw.frank: Justified (mgr.maya,")

    # 2. Who has seen the Adams family's record.
    visit(page, "/families/ADA/")
    follow(page, "Who has seen this record")
    expect(page).to_have_url(f"{demo_world.url}/sharing/who-has-seen/ADA/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has seen family ADA")
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 4  # her own view just now: basic and sensitive, for ADA-C1 and ADA-P1
    for reference in ("ADA-C1", "ADA-P1"):
        expect(rows.filter(has_text="mgr.maya").filter(has_text=reference).first).to_contain_text(
            "Seen: Explicit, informed consent"
        )
    expect(main).not_to_contain_text("Archie")  # the log names no one

    # 3. Could sw.sara see ADA-C1's sensitive information, and why? The same answer as explain_access.
    follow(page, "Check access")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check access")
    page.get_by_label("Member of staff").select_option("sw.sara")
    page.get_by_label("Reference of the person").fill("ADA-C1")
    page.get_by_label("Sensitive information", exact=True).check()
    submit(page, "Check access")

    expect(page).to_have_url(f"{demo_world.url}/sharing/check-access/?username=sw.sara&reference=ADA-C1&category=sensitive&purpose=")
    visit(page, "/sharing/check-access/?username=sw.sara&reference=ADA-C1&category=sensitive")
    answers = page.locator("main [data-testid^=access-]")
    expect(answers).to_have_count(1)
    answer = page.locator("[data-testid=access-sensitive]")
    expect(answer.locator(".govuk-tag")).to_have_text("Permitted")

    out = StringIO()
    call_command("explain_access", "sw.sara", "ADA-C1", "--category", "sensitive", "--json", stdout=out)
    [row] = json.loads(out.getvalue())
    assert row["permitted"] is True
    assert row["reason"]
    expect(answer.locator("p").nth(1)).to_have_text(row["reason"])
    # The same answer as explain_access, in words (issue 9), not code names.
    expect(answer).to_contain_text(f"on the basis of {row['basis_label']}")
    expect(answer).not_to_contain_text(row["basis"])
