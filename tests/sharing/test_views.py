"""Sharing pages through the test client: the start page and its exact query counts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sharing.models import Override, OverrideEnd
from sharing.views import APPROVED, ENDED, OVERRIDE_OPENED

TODAY = timezone.localdate()


# Exact counts (Zulip-style): session, user with membership, the verified device (django-otp),
# the disclosure chain's lock and head (audit), reach-filtered people with their
# per-person facts, consents, carer links, purposes, the one disclosure insert, overrides banner.
@pytest.mark.parametrize(
    "username, url, queries",
    [
        # Issue 15: + the families led and the open actions (2); hana owns an action from the Adams
        # meeting, decided and recorded through the gate (people, consents, carer links, purposes,
        # the disclosure chain and insert: 7 more); frank leads Adams, so Sara's overdue action too.
        # Issue 13: her caseload as well — its children with their facts, consents, carer links,
        # purposes, the opened contacts, the chain and the disclosure insert — the consents of her
        # families due for review, and the families she viewed recently: 9 more, whatever their number.
        ("hv.hana", "/", 28),
        ("fsw.frank", "/", 20),  # he holds an override: its facts, and the banner
        ("hv.hana", "/?q=Adams", 20),  # issue 13: + the misspelling threshold for this search
        ("hv.hana", "/consent/due-for-review/", 4),
    ],
)
def test_page_query_counts_are_exact(client_for, assert_request_queries, username, url, queries):
    client = client_for(username)
    client.get(url)  # the first request of a session may differ (session save); count the next
    with assert_request_queries(queries):
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


def test_the_start_page_is_a_worklist_25_a_page_in_constant_queries(client_for, user, assert_request_queries):
    """Issue 12: a page of 25, keyset-paginated, with the same queries on every page."""
    import re

    from centres.models import Centre
    from tests import factories

    riverside = Centre.objects.get(slug="riverside-childrens-centre")
    for i in range(15):
        factories.family(by=user("hv.hana"), centre=riverside, surname=f"Paged{i}", postcode="NR1 1ZZ")
    client = client_for("hv.hana")
    first = client.get("/").content.decode()
    refs = re.findall(r'<td class="govuk-table__cell"[^>]*>([A-Z0-9]+-[CP]\d+)</td>', first)
    assert len(refs) == 25 and refs == sorted(refs)
    after = re.search(r'after=([A-Z0-9%-]+)" rel="next"', first).group(1)
    with assert_request_queries(19):  # issue 15: hana's open action, through the gate
        second = client.get(f"/?after={after}").content.decode()
    more = re.findall(r'<td class="govuk-table__cell"[^>]*>([A-Z0-9]+-[CP]\d+)</td>', second)
    assert more and not set(more) & set(refs) and min(more) > max(refs)
    assert "Back to the start of the list" in second
    # Hidden people are never on any page: the Clark family objected to health sharing.
    assert not any(ref.startswith("CLA-") for ref in refs + more)
    # A cursor that is not a reference is ignored, not an error; a NUL is refused before any view.
    assert client.get("/?after=' OR 1=1").status_code == 200
    assert client.get("/?after=%00").status_code == 400


# --- Issue 9 items 6 and 10: the reviewer's start page, the queue, approval, ending early ---------


def _open(client, reference: str):
    return client.post("/sharing/override/new/", {
        "reference": reference, "categories": ["basic"], "justification": "Risk of significant harm",
        "discussed_with": "line_manager", "discussed_with_name": "Maya Mills", "hours": "24",
    }, follow=True)


def test_beyond_the_limit_the_opener_is_told_it_waits_for_approval(client_for, settings):
    from sharing.views import OVERRIDE_PENDING

    settings.SHARING_OVERRIDE_OPEN_LIMIT = 2
    frank = client_for("fsw.frank")
    page = _open(frank, "BRO-C1").content.decode()
    assert OVERRIDE_OPENED.format(reviewer="your centre manager") in page
    assert "Billy Brown" in page
    page = _open(frank, "CLA-C1").content.decode()
    assert OVERRIDE_PENDING.format(limit=2, reviewer="your centre manager") in page
    assert "Charlie Clark" not in page  # not open until approved
    start = frank.get("/").content.decode()
    assert "Override waiting for approval" in start

    maya = client_for("mgr.maya")
    start = maya.get("/").content.decode()
    assert "3 items waiting in your review queue" in start
    assert "Frank Fletcher (fsw.frank) opened 3 overrides on" in start and "more than the limit of 2" in start
    queue = maya.get("/sharing/review/").content.decode()
    assert "Waiting for your approval" in queue
    assert "/sharing/who-has-seen/MOR/" in queue and "/sharing/who-has-seen/CLA/" in queue
    pending = Override.objects.get(subject__reference="CLA-C1")
    approve = f"/sharing/review/{pending.pk}/approve/"
    assert "Confirm that you have read" in maya.post(approve, {"note": ""}).content.decode()
    assert APPROVED in maya.post(approve, {"confirm": "on"}, follow=True).content.decode()
    assert "Charlie Clark" in frank.get("/families/CLA/").content.decode()


def test_the_caldicott_guardian_reviews_a_managers_override_and_sees_who_has_seen(client_for):
    maya, cara = client_for("mgr.maya"), client_for("cg.cara")
    page = _open(maya, "BRO-C1").content.decode()
    assert OVERRIDE_OPENED.format(reviewer="the Caldicott Guardian") in page
    own = Override.objects.get(subject__reference="BRO-C1")
    assert maya.get(f"/sharing/review/{own.pk}/").status_code == 404
    assert "BRO-C1" not in maya.get("/sharing/review/").content.decode()

    start = cara.get("/").content.decode()
    assert "1 item waiting in your review queue" in start
    queue = cara.get("/sharing/review/").content.decode()
    assert "BRO-C1" in queue and "MOR-C1" not in queue
    who = cara.get("/sharing/who-has-seen/BRO/")
    assert who.status_code == 200 and "mgr.maya" in who.content.decode()
    assert "Billy" not in who.content.decode()
    assert cara.get("/sharing/who-has-seen/MOR/").status_code == 404
    assert cara.get("/families/BRO/").status_code == 404  # reviewing gives no reach
    review = cara.post(f"/sharing/review/{own.pk}/", {"outcome": "justified"}, follow=True).content.decode()
    assert "Review recorded." in review


def test_the_opener_ends_an_override_from_the_family_page(client_for):
    frank = client_for("fsw.frank")
    morris = Override.objects.get(subject__reference="MOR-C1")
    page = frank.get("/families/MOR/").content.decode()
    end = f"/sharing/override/{morris.pk}/end/"
    assert "End this override now" in page and end in page
    assert "Enter why you are ending the override" in frank.post(end, {"reason": ""}).content.decode()
    page = frank.post(end, {"reason": "Concern resolved."}, follow=True).content.decode()
    assert ENDED in page and "Max Morris" not in page and "Shown under an override" not in page
    assert OverrideEnd.objects.get(override=morris).ended_by.username == "fsw.frank"
    assert "already ended" in frank.get(end).content.decode()
    assert client_for("sw.sara").get(end).status_code == 404
    queue = client_for("mgr.maya").get("/sharing/review/").content.decode()
    assert "Ended early on" in queue


# The manager also sees duplicate checks outside the centre (issue 9 item 3).
# Issue 13: and the overdue reviews per health visitor, one aggregate query.
@pytest.mark.parametrize("username, queries", [("mgr.maya", 16), ("cg.cara", 8)])
def test_reviewers_start_page_query_counts_are_exact(client_for, assert_request_queries, username, queries):
    # The manager's page: as anyone's, plus the queue count and the over-limit alert (issue 9).
    client = client_for(username)
    client.get("/")
    with assert_request_queries(queries):
        assert client.get("/").status_code == 200
