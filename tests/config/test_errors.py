"""Error pages render without the database; a failed request leaves no disclosure rows (issue 11)."""
from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from config import errors
from config.middleware import REQUEST_ID_HEADER, RequestIdLogFilter
from sharing.models import Disclosure

QUOTE_THIS = "quote this reference"


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (errors.bad_request, 400, "There is a problem with your request"),
        (errors.permission_denied, 403, "You cannot do this"),
        (errors.page_not_found, 404, "Page not found"),
        (errors.server_error, 500, "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_render_without_a_query(db, django_assert_num_queries, handler, status, heading):
    request = RequestFactory().get("/families/ADA/")
    request.request_id = "0123456789abcdef0123456789abcdef"
    # A signed-in user whose session, user row and membership have not been loaded yet: the
    # header's context processors would read them. The error pages must not.
    request.user = get_user_model()(username="someone")
    with django_assert_num_queries(0):
        response = handler(request) if handler is errors.server_error else handler(request, Exception())
    assert response.status_code == status
    assert heading in response.content.decode()


def test_the_500_page_shows_the_request_id(rf):
    request = rf.get("/")
    request.request_id = "0123456789abcdef0123456789abcdef"
    html = errors.server_error(request).content.decode()
    assert QUOTE_THIS in html and "0123456789abcdef0123456789abcdef" in html


@pytest.fixture
def database_gone(transactional_db, django_db_serialized_rollback):
    """Point the default connection at a closed port, then put it back.

    Serialized rollback: the flush after this test then leaves the rows made by migrations
    (content types, the purposes) as they were for the transactional tests that follow.
    """

    def go() -> None:
        connection.close()
        connection.settings_dict["PORT"] = "1"

    port = connection.settings_dict["PORT"]
    yield go
    connection.close()
    connection.settings_dict["PORT"] = port


def test_with_the_database_gone_the_500_page_renders_and_the_log_names_the_request(database_gone):
    user = get_user_model().objects.create_user("someone", password="a long enough password")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RequestIdLogFilter) for f in h.filters))
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    database_gone()
    try:
        response = client.get("/families/ADA/")
    finally:
        handler.setStream(old_stream)
    assert response.status_code == 500
    request_id = response[REQUEST_ID_HEADER]
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert QUOTE_THIS in html and request_id in html
    assert "Traceback" not in html
    log = stream.getvalue()
    # Who asked is not known: finding out needs the database. The log line does not try.
    assert f"ERROR [{request_id}] [user -] django.request: Internal Server Error: /families/ADA/" in log
    assert "OperationalError" in log
    assert "no-store" in response["Cache-Control"]


def test_requests_are_atomic():
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True


def test_a_page_that_fails_after_the_gate_recorded_its_reveals_leaves_no_disclosure_rows(client_for, tmp_path):
    client = client_for("hv.hana")
    before = Disclosure.objects.count()
    assert client.get("/families/ADA/").status_code == 200
    assert Disclosure.objects.count() > before, "the family page records its reveals"

    # The same page with a template bug: the gate has written the rows when rendering fails.
    (tmp_path / "families").mkdir()
    (tmp_path / "families" / "detail.html").write_text("{% url 'no-such-page' %}")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    client.raise_request_exception = False
    before = Disclosure.objects.count()
    with override_settings(TEMPLATES=templates):
        response = client.get("/families/ADA/")
    assert response.status_code == 500
    assert Disclosure.objects.count() == before
