"""The error pages in Chromium: accessible, styled under the Content-Security-Policy (issue 11)."""
import pytest
from django.test import RequestFactory
from playwright.sync_api import expect

from config import errors
from config.middleware import BAD_REQUEST_CHARACTERS
from tests.browser.conftest import main_text, visit

pytestmark = pytest.mark.browser


def _styled(page) -> bool:
    """GOV.UK Frontend's stylesheet applied (a CSP refusal would leave the browser's defaults)."""
    return page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").startswith('"GDS Transport"')


def test_not_found_and_bad_request_pages(signed_in):
    page = signed_in("hv.hana")
    visit(page, "/families/NOPE/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert _styled(page)

    visit(page, "/?q=%01", status=400)
    expect(page.get_by_role("heading", level=1)).to_have_text("There is a problem with your request")
    assert BAD_REQUEST_CHARACTERS in main_text(page)
    assert _styled(page)


def test_the_server_error_page_gives_a_reference_to_quote(page, demo_world):
    # The live server has no fault to show: serve the page config.errors renders for a 500,
    # with the same headers, at the live server's origin (so its stylesheet loads as usual).
    request = RequestFactory().get("/")
    request.request_id = "0123456789abcdef0123456789abcdef"
    html = errors.server_error(request).content.decode()
    policy = page.request.get(f"{demo_world.url}/sign-in/").headers["content-security-policy"]
    page.route(
        "**/boom/",
        lambda route: route.fulfill(
            status=500, body=html, content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": policy},
        ),
    )
    visit(page, "/boom/", status=500)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, there is a problem with the service")
    assert "quote this reference: 0123456789abcdef0123456789abcdef" in main_text(page)
    assert _styled(page)
