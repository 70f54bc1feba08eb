"""End-to-end harness: pytest-django's live server, the demo world, real headless Chromium.

Every page a test visits is checked with axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) and
for JavaScript errors in the console. Use ``visit`` to open a page and ``check(page)`` after
every form submit or click that lands on a new page.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# ORM calls from the test body (seeding, asserting on Disclosure rows).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_PASSWORD = "sure-start-demo"
TIMEOUT_MS = 10_000


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def playwright_instance():
    """Playwright's sync API, keeping Django's database connections in view.

    Starting it resumes this thread in another ``contextvars`` context until it stops, and
    Django keeps its connections in a context-local (asgiref ``Local``): without carrying them
    over, tests would get fresh connection objects, leaving the old one open (so the test
    database cannot be dropped) and losing the serialized data a transactional test restores.
    """
    from django.db import connections

    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as pw:
        for alias, connection in before.items():
            connections[alias] = connection
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


# JavaScript errors seen by each open page, checked by ``check`` and when the test ends.
_JS_ERRORS: dict[Page, list[str]] = {}


def _assert_no_js_errors(page: Page) -> None:
    errors = _JS_ERRORS.get(page, [])
    assert not errors, "JavaScript errors in the browser console:\n" + "\n".join(errors)


@pytest.fixture
def page(context):
    """A fresh page that records JavaScript errors; the test fails if any occurred."""
    page = context.new_page()
    errors = _JS_ERRORS[page] = []
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc} on {page.url}"))

    def on_console(msg) -> None:
        # A page answered 404 on purpose logs "Failed to load resource"; documents' statuses are
        # asserted by ``visit``, and broken stylesheets, scripts or fonts are caught below.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            errors.append(f"console: {msg.text} ({msg.location.get('url', '')})")

    def on_response(response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            errors.append(f"HTTP {response.status} for {response.request.resource_type} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    yield page
    try:
        _assert_no_js_errors(page)
    finally:
        del _JS_ERRORS[page]


# ---------------------------------------------------------------- the demo world


@pytest.fixture
def demo_world(transactional_db, django_db_serialized_rollback, live_server):
    """The world of shared/DEMO.md, committed so the live server's thread can see it.

    ``django_db_serialized_rollback`` restores rows that data migrations create (the
    purposes), which the flush after each transactional test would otherwise remove.
    """
    from django.contrib.auth import get_user_model

    from demo.world import seed_demo
    from tests.signin import totp_device

    assert seed_demo() is True
    # Two factors are required (config/settings/test.py): each demo user has an authenticator app.
    for user in get_user_model().objects.all():
        totp_device(user)
    return live_server


# ---------------------------------------------------------------- accessibility


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} — {v.get('helpUrl', '')}")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}: {summary}")
            lines.append(f"      {node.get('html', '')[:200]}")
    return "\n".join(lines)


def check(page: Page) -> None:
    """Fail with a readable list if axe-core finds WCAG 2.x A/AA violations on this page,
    if an error summary links to nothing, or if the browser has logged a JavaScript error."""
    page.wait_for_load_state("load")
    _assert_no_js_errors(page)
    # GOV.UK error summaries: every message links to a field that exists on the page.
    dangling = page.evaluate(
        """() => [...document.querySelectorAll('.govuk-error-summary a')]
            .filter(a => !a.hash || !document.getElementById(a.hash.slice(1)))
            .map(a => `${a.textContent.trim()} -> ${a.getAttribute('href')}`)"""
    )
    assert not dangling, f"Error summary links to nothing on {page.url}: {dangling}"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not added as an inline <script>: the pages'
        # Content-Security-Policy forbids inline scripts, and the test must not weaken it.
        page.evaluate(AXE_JS.read_text() + "\n;undefined")
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )
    assert not violations, f"Accessibility violations on {page.url}:\n{_describe(violations)}"


def visit(page: Page, path: str, *, status: int = 200) -> None:
    """Open a page of the live server, assert its HTTP status, check its accessibility."""
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path}: expected HTTP {status}, got {response.status}"
    check(page)


def submit(page: Page, button: str) -> None:
    """Press a form's button by its visible name, wait for the next page and check it."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    check(page)


def follow(page: Page, link: str, *, exact: bool = False, role: str = "link") -> None:
    """Follow a link by its accessible name, wait for the next page and check it.

    GOV.UK "start" links styled as buttons carry ``role="button"``: pass ``role="button"``.
    """
    with page.expect_navigation():
        page.get_by_role(role, name=link, exact=exact).first.click()
    check(page)


def main_text(page: Page) -> str:
    return page.locator("main").inner_text()


def sign_in_with_password(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    visit(page, "/sign-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    submit(page, "Sign in")


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Both factors, as a person does: the password, then the code their authenticator app shows
    now, computed from the user's own TOTP device key (tests/signin.py)."""
    from django.contrib.auth import get_user_model

    from tests.signin import totp_code, totp_device

    sign_in_with_password(page, username, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    page.get_by_label("Code", exact=True).fill(totp_code(totp_device(get_user_model().objects.get(username=username))))
    submit(page, "Continue")


@pytest.fixture
def signed_in(page, demo_world):
    """``signed_in("fsw.frank")`` → the page, signed in as that demo user, on the start page."""

    def make(username: str) -> Page:
        sign_in(page, username)
        expect(page.get_by_role("heading", level=1)).to_have_text("Families")
        return page

    return make
