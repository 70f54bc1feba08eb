"""The manager's trail (issue 10): timeline, keyset pages, filters, masked changes, export,
seen without consent, who saw under a consent, and opening the trail recorded."""
from __future__ import annotations

import csv
import io

import pytest
from auditlog import get_logentry_model
from django.utils import timezone

from audit.masking import CONCEALED
from consent.models import Consent
from families.models import Note
from sharing import trail
from sharing.models import Disclosure, TrailAccess
from sharing.trail_views import formula_safe

pytestmark = pytest.mark.django_db


@pytest.fixture
def riverside(demo, user):
    return user("mgr.maya").membership.centre_id


def _visit(client_for, username, *urls):
    client = client_for(username)
    for url in urls:
        assert client.get(url).status_code == 200
    return client


def test_timeline_merges_reads_and_changes_newest_first(client_for, riverside):
    _visit(client_for, "fsw.frank", "/families/MOR/")
    page = trail.timeline(centre_id=riverside, filters=trail.TrailFilters())
    kinds = {e.kind for e in page.entries}
    assert kinds == {trail.READ, trail.CHANGE}
    keys = [(e.at, e.cursor.rank, e.id) for e in page.entries]
    assert keys == sorted(keys, reverse=True)
    # Reads of Riverside people only; changes of Riverside records only (no Hillview reference).
    assert not any(e.subject.startswith("LEW") for e in page.entries)


def test_keyset_pages_cover_everything_once(client_for, riverside):
    _visit(client_for, "fsw.frank", "/families/MOR/", "/")
    _visit(client_for, "hv.hana", "/", "/families/ADA/")
    filters = trail.TrailFilters()
    everything = trail.timeline(centre_id=riverside, filters=filters, page_size=100_000).entries
    seen, cursor = [], None
    while True:
        page = trail.timeline(centre_id=riverside, filters=filters, cursor=cursor, page_size=7)
        seen += [(e.kind, e.id) for e in page.entries]
        if page.next_cursor is None:
            break
        cursor = trail.Cursor.decode(page.next_cursor)
    assert seen == [(e.kind, e.id) for e in everything]
    assert len(seen) == len(set(seen)) > 7


def test_filters(client_for, riverside):
    _visit(client_for, "fsw.frank", "/families/MOR/", "/families/ADA/")
    _visit(client_for, "hv.hana", "/families/ADA/")

    def entries(**kw):
        return trail.timeline(centre_id=riverside, filters=trail.TrailFilters(**kw), page_size=10_000).entries

    frank = entries(practitioner="fsw.frank", kind=trail.READ)
    assert frank and {e.who_username for e in frank} == {"fsw.frank"}
    assert {e.family for e in entries(reference="MOR", kind=trail.READ)} == {"MOR"}
    assert all("MOR-C1" in e.subject for e in entries(reference="MOR-C1"))
    refused = entries(outcome=trail.REFUSED)
    assert refused and not any(e.permitted for e in refused) and {e.kind for e in refused} == {trail.READ}
    assert all(e.permitted for e in entries(outcome=trail.SHOWN))
    assert {e.basis for e in entries(basis="public_interest")} == {"Public interest (¶10, ¶16, ¶18)"}
    assert {e.context for e in entries(context="page:family")} == {"Family page"}
    assert entries(purpose="asserted") == []
    assert {e.kind for e in entries(kind=trail.CHANGE)} == {trail.CHANGE}


def test_note_text_is_masked_in_the_change_log_and_shown_as_changed(demo, riverside):
    note = Note.objects.filter(subject__family__reference="ADA").first()
    entry = get_logentry_model().objects.get_for_object(note).filter(action=0).first()
    assert entry.changes["text"] == ["None", CONCEALED]
    assert note.text not in str(entry.changes)
    page = trail.timeline(centre_id=riverside, filters=trail.TrailFilters(kind=trail.CHANGE), page_size=10_000)
    note_entries = [e for e in page.entries if e.record == "Note"]
    assert note_entries
    assert all(value == trail.CHANGED for e in note_entries for name, value in e.fields if name == "text")
    # Person fields (names, dates of birth) are "changed", never their values.
    person = [e for e in page.entries if e.record == "Person"]
    identity = {"first name", "date of birth"}
    assert person and all(v == trail.CHANGED for e in person for n, v in e.fields if n in identity)


@pytest.mark.parametrize("value, safe", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), (None, ""),
])
def test_formula_safe(value, safe):
    assert formula_safe(value) == safe


@pytest.mark.parametrize("query, queries", [("", 7), ("?kind=change", 6)])
def test_trail_page_counts_with_both_streams(client_for, assert_request_queries, query, queries):
    """session, user + membership, device, reads, changes, insert TrailAccess, who looked."""
    _visit(client_for, "fsw.frank", "/families/MOR/")
    client = client_for("mgr.maya")
    client.get("/sharing/trail/")
    with assert_request_queries(queries):
        assert client.get(f"/sharing/trail/{query}").status_code == 200


def test_trail_page_counts_and_records_its_opening(client_for, assert_request_queries):
    _visit(client_for, "fsw.frank", "/families/MOR/")
    client = client_for("mgr.maya")
    client.get("/sharing/trail/")
    # a reads-only filter: session, user + membership, device, reads, insert TrailAccess, who looked
    with assert_request_queries(6):
        response = client.get("/sharing/trail/?kind=&outcome=refused")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    access = TrailAccess.objects.order_by("-id").first()
    assert (access.viewer.username, access.page, access.filters) == ("mgr.maya", "trail", {"outcome": "refused"})
    assert b"Who looked at the trail" in response.content


def test_who_has_seen_page_records_its_opening(client_for):
    assert client_for("mgr.maya").get("/sharing/who-has-seen/ADA/").status_code == 200
    assert TrailAccess.objects.filter(page="who-has-seen", filters={"family": "ADA"}).count() == 1


def test_trail_is_for_managers_of_their_centre(client_for):
    assert client_for("hv.hana").get("/sharing/trail/").status_code == 403
    assert client_for("fsw.frank").get("/sharing/trail/export.csv").status_code == 403


def test_practitioner_page(client_for, assert_request_queries):
    _visit(client_for, "fsw.frank", "/families/MOR/")
    client = client_for("mgr.maya")
    client.get("/sharing/trail/practitioner/?username=fsw.frank")
    with assert_request_queries(7):  # + the practitioner
        response = client.get("/sharing/trail/practitioner/?username=fsw.frank")
    assert response.status_code == 200
    assert b"MOR-C1" in response.content and b"hv.hana" not in response.content
    assert client.get("/sharing/trail/practitioner/?username=no.one").status_code == 404
    assert client.get("/sharing/trail/practitioner/").status_code == 200
    assert TrailAccess.objects.filter(page="trail-practitioner", filters={"practitioner": "fsw.frank"}).exists()


def test_export_is_formula_safe_not_cached_and_recorded(client_for, user):
    _visit(client_for, "fsw.frank", "/families/MOR/")
    frank = user("fsw.frank")
    frank.first_name = "=HYPERLINK"
    frank.save()
    response = client_for("mgr.maya").get("/sharing/trail/export.csv?practitioner=fsw.frank&kind=read")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "When" and len(rows) > 1
    assert all(row[2].startswith("'=HYPERLINK") for row in rows[1:])
    assert TrailAccess.objects.filter(page="trail-export").count() == 1


def test_seen_without_consent(client_for, assert_request_queries):
    _visit(client_for, "fsw.frank", "/families/MOR/")  # public interest override, unreviewed
    client = client_for("mgr.maya")
    client.get("/sharing/trail/seen-without-consent/")
    with assert_request_queries(6):  # session, user, device, insert access, people, overrides
        response = client.get("/sharing/trail/seen-without-consent/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "MOR-C1" in html and "Public interest" in html
    assert "Seek consent from family MOR" in html and "Review override" in html


def test_consent_recipients_after_withdrawal(client_for, user):
    _visit(client_for, "ext.ella", "/families/EVA/")
    consent = Consent.objects.filter(family__reference="EVA", agencies__isnull=False).first()
    assert Disclosure.objects.filter(consent=consent, viewer__username="ext.ella").exists()
    hana = client_for("hv.hana")
    today = timezone.localdate()
    response = hana.post(f"/consent/{consent.pk}/withdraw/", {
        "withdrawn_on_0": today.day, "withdrawn_on_1": today.month, "withdrawn_on_2": today.year, "also_objects": "no",
    })
    assert response.status_code == 302
    assert response.url == f"/sharing/who-saw-under-consent/{consent.pk}/"
    page = hana.get(f"/sharing/who-saw-under-consent/{consent.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "External agency" in html and "City Housing Support" in html
    assert client_for("fsw.frank").get(f"/sharing/who-saw-under-consent/{consent.pk}/").status_code == 404
