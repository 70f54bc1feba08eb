"""Sharing pages through the test client: the start page and its exact query counts."""

from __future__ import annotations

import pytest
from django.utils import timezone

TODAY = timezone.localdate()


# Exact counts (Zulip-style): session, user with membership, the verified device (django-otp),
# the disclosure chain's lock and head (audit), reach-filtered people with their
# per-person facts, consents, carer links, purposes, the one disclosure insert, overrides banner.
@pytest.mark.parametrize(
    "username, url, queries",
    [
        ("hv.hana", "/", 10),
        ("fsw.frank", "/", 11),  # he holds an override: its facts, and the banner
        ("hv.hana", "/?q=Adams", 10),
        ("hv.hana", "/consent/due-for-review/", 4),
    ],
)
def test_page_query_counts_are_exact(client_for, django_assert_num_queries, username, url, queries):
    client = client_for(username)
    client.get(url)  # the first request of a session may differ (session save); count the next
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_start_page_queries_do_not_grow_with_families(client_for, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from centres.models import Centre
    from tests import factories

    client = client_for("hv.hana")
    client.get("/")
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    riverside = Centre.objects.get(slug="riverside-childrens-centre")
    for i in range(15):
        factories.family(by=user("hv.hana"), centre=riverside, surname=f"Extra{i}", postcode="NR1 1ZZ")
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after.captured_queries) == len(before.captured_queries)
    assert "Extra14" in client.get("/?q=Extra14").content.decode()


def test_the_start_page_is_a_worklist_25_a_page_in_constant_queries(client_for, user, django_assert_num_queries):
    """Issue 12: a page of 25, keyset-paginated, with the same queries on every page."""
    import re

    from centres.models import Centre
    from tests import factories

    riverside = Centre.objects.get(slug="riverside-childrens-centre")
    for i in range(15):
        factories.family(by=user("hv.hana"), centre=riverside, surname=f"Paged{i}", postcode="NR1 1ZZ")
    client = client_for("hv.hana")
    first = client.get("/").content.decode()
    refs = re.findall(r'<td class="govuk-table__cell">([A-Z0-9]+-[CP]\d+)</td>', first)
    assert len(refs) == 25 and refs == sorted(refs)
    after = re.search(r'after=([A-Z0-9%-]+)" rel="next"', first).group(1)
    with django_assert_num_queries(10):
        second = client.get(f"/?after={after}").content.decode()
    more = re.findall(r'<td class="govuk-table__cell">([A-Z0-9]+-[CP]\d+)</td>', second)
    assert more and not set(more) & set(refs) and min(more) > max(refs)
    assert "Back to the start of the list" in second
    # Hidden people are never on any page: the Clark family objected to health sharing.
    assert not any(ref.startswith("CLA-") for ref in refs + more)
    # A cursor that is not a reference is ignored, not an error.
    assert client.get("/?after=%00' OR 1=1").status_code == 200
