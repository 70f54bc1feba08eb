"""Headers on every response, request ids, and the refusal of control characters (issue 11)."""
from __future__ import annotations

import io
import logging
import re

import pytest
from django.test import Client

from config.middleware import BAD_REQUEST_CHARACTERS, REQUEST_ID_HEADER, RequestIdLogFilter
from sharing.models import Disclosure

PERSON_PAGES = ["/", "/families/ADA/", "/families/people/ADA-C1/notes/new/", "/sharing/who-has-seen/ADA/"]


@pytest.mark.parametrize("path", PERSON_PAGES)
def test_pages_showing_people_are_never_stored_and_carry_the_policies(client_for, path):
    response = client_for("mgr.maya" if "who-has-seen" in path else "hv.hana").get(path)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private"} <= cache_control
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp and "default-src 'none'" in csp
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response


def test_no_page_has_inline_script_or_style(client_for):
    """CSP forbids them; the browser tests would log the refusal, this says where it is."""
    for path in PERSON_PAGES[:3] + ["/families/register/", "/consent/family/ADA/new/"]:
        html = client_for("hv.hana").get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


def test_static_files_stay_cacheable(client):
    response = client.get("/static/govuk/govuk-frontend.min.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_every_response_has_its_own_request_id(db, client):
    first = client.get("/sign-in/")
    second = client.get("/sign-in/")
    assert re.fullmatch(r"[0-9a-f]{32}", first[REQUEST_ID_HEADER])
    assert first[REQUEST_ID_HEADER] != second[REQUEST_ID_HEADER]


def test_a_request_id_sent_by_the_client_is_not_trusted(db, client):
    response = client.get("/sign-in/", HTTP_X_REQUEST_ID="forged")
    assert response[REQUEST_ID_HEADER] != "forged"


def _logged(client: Client, path: str):
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RequestIdLogFilter) for f in h.filters))
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    try:
        response = client.get(path)
    finally:
        handler.setStream(old_stream)
    return response, stream.getvalue()


def test_the_console_log_carries_the_request_id(db, client):
    response, log = _logged(client, "/no-such-page/")
    assert response.status_code == 404
    # django.request logs every 4xx as a warning: the line names the request.
    assert f"[{response[REQUEST_ID_HEADER]}] [user anonymous] django.request: Not Found: /no-such-page/" in log


def test_the_console_log_names_the_user_by_id_only(client_for, user):
    response, log = _logged(client_for("fsw.frank"), "/families/NOPE/")
    assert response.status_code == 404
    assert f"[{response[REQUEST_ID_HEADER]}] [user {user('fsw.frank').pk}] django.request: Not Found" in log
    assert "frank" not in log.lower()


def test_refused_characters_are_logged_with_the_request(db, client):
    response, log = _logged(client, "/?q=%1b")
    assert response.status_code == 400
    assert f"WARNING [{response[REQUEST_ID_HEADER]}]" in log and "Bad Request: /" in log


@pytest.mark.parametrize(
    "path",
    ["/families/ADA%00/", "/families/people/ADA-C1%00/edit/", "/?q=ada%00", "/?q=%1b[31m", "/?q%00=x"],
)
def test_control_characters_in_the_address_are_refused_before_any_view(client_for, path):
    before = Disclosure.objects.count()
    response = client_for("hv.hana").get(path)
    assert response.status_code == 400
    assert BAD_REQUEST_CHARACTERS in response.content.decode()
    assert Disclosure.objects.count() == before


def test_a_nul_in_a_posted_value_is_refused_and_nothing_is_written(client_for, demo):
    from families.models import Note

    client = client_for("hv.hana")
    before = (Note.objects.count(), Disclosure.objects.count())
    response = client.post("/families/people/ADA-C1/notes/new/", {"topic": "other", "text": "a\x00b"})
    assert response.status_code == 400
    assert (Note.objects.count(), Disclosure.objects.count()) == before


def test_pasted_text_with_other_control_characters_is_still_accepted(client_for):
    from families.models import Note

    response = client_for("hv.hana").post(
        "/families/people/ADA-C1/notes/new/", {"topic": "other", "text": "line one\x0bline two\ttabbed"}
    )
    assert response.status_code == 302
    assert Note.objects.filter(subject__reference="ADA-C1").first().text == "line one\x0bline two\ttabbed"


def test_sign_in_page_refuses_nul_too(db):
    response = Client().post("/sign-in/", {"username": "hv.hana\x00", "password": "x"})
    assert response.status_code == 400


def test_log_lines_have_a_utc_offset_and_cannot_be_forged_through_the_address(db, client):
    _, log = _logged(client, "/sign-in/%0A2026-01-01T00:00:00+0000 ERROR [forged] fake: line")
    lines = log.splitlines()
    assert len(lines) == 1, lines  # the line feed in the address did not start a new log line
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} WARNING \[[0-9a-f]{32}\]", lines[0])


def test_messages_naming_a_person_are_not_kept_in_a_cookie(client_for):
    response = client_for("hv.hana").post("/families/people/ADA-C1/notes/new/", {"topic": "other", "text": "Seen"})
    assert response.status_code == 302
    assert "messages" not in response.cookies
