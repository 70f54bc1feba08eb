"""Journey 4: an external agency sees only what it was named for (ext.ella)."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import follow, main_text, visit

pytestmark = pytest.mark.browser


def test_external_practitioner_sees_only_the_family_named_for_her_agency(signed_in):
    page = signed_in("ext.ella")

    # 1. Only the Evans family, basic details only.
    references = page.locator("main table tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(references) == ["EVA-C1", "EVA-P1"]
    expect(page.get_by_role("button", name="Register a family")).to_have_count(0)

    follow(page, "View family of Ethan Evans")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evans family")
    main = page.locator("main")
    expect(main).to_contain_text("5 Elm Hill")
    for name in ("Erin Evans", "Ethan Evans"):
        section = page.locator("section.app-person", has=page.get_by_role("heading", name=name, exact=True))
        expect(section).to_contain_text(
            "Basic information shown because: Explicit consent given by Erin Evans (EVA-P1) as mother"
        )
        expect(section.locator(".app-redacted").filter(has_text="Sensitive information not shared")).to_contain_text(
            "Sensitive information not shared with you."
        )
        expect(section.locator(".app-note")).to_have_count(0)
    expect(main).not_to_contain_text("Rent arrears")
    # The consent history and the centre's actions are for the centre's own team.
    expect(page.get_by_role("heading", name="Consent", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Record consent")).to_have_count(0)
    expect(page.get_by_role("link", name="Add a note")).to_have_count(0)
    expect(page.get_by_role("link", name="Change address")).to_have_count(0)

    # 2. Any other reference: the same "page not found" as one that does not exist.
    visit(page, "/families/ADA/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    adams_title, adams_text = page.title(), main_text(page)
    assert "Adams" not in page.content() and "ADA-" not in page.content()

    visit(page, "/families/ZZZ/", status=404)
    assert page.title() == adams_title
    assert main_text(page) == adams_text

    # The same for pages below a family she cannot reach.
    for path in ("/families/people/ADA-C1/notes/new/", "/families/BRO/edit/", "/sharing/who-has-seen/ADA/"):
        visit(page, path, status=404)
        assert main_text(page) == adams_text, path
