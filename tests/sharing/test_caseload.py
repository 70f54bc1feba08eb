"""The health visitor's caseload and the manager's overdue reviews (issue 13)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from families.models import Family, Person
from families.schedule import ContactFact, ReviewStatus, review_schedule
from families.selectors import overdue_reviews_by_health_visitor
from sharing import gate
from sharing.models import Disclosure

TODAY = timezone.localdate()


def section(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"')[1].split("</section>")[0]


def caseload_row(page: str, reference: str) -> str:
    return page.split(f'data-testid="caseload-{reference}"')[1].split("</tr>")[0]


def test_my_families_show_each_childs_next_review_as_far_as_shared(client_for):
    page = client_for("hv.hana").get("/").content.decode()
    mine = section(page, "caseload")
    # Jones: consent to every topic — the overdue 6 to 8 week review is shown.
    assert "6 to 8 week review" in caseload_row(mine, "JON-C1") and "Overdue" in caseload_row(mine, "JON-C1")
    assert "New birth visit" in caseload_row(mine, "KHA-C1") and "Due" in caseload_row(mine, "KHA-C1")
    # Brown: basic only (duty of care) — attendance is not hers to see, so no status.
    assert "Not shared with you" in caseload_row(mine, "BRO-C1") and "Due" not in caseload_row(mine, "BRO-C1")
    # Clark objected: not listed at all (nor counted); Lewis is Hugo's.
    assert "CLA-C1" not in mine and "LEW-C1" not in mine
    refs = set(re.findall(r'data-testid="caseload-([A-Z]+-C\d)"', mine))
    assert refs == {"ADA-C1", "BRO-C1", "DAV-C1", "EVA-C1", "FIS-C1", "GRE-C1", "HUG-C1", "IRW-C1", "JON-C1",
                    "KHA-C1", "MOR-C1", "ONE-C1"} - {"DAV-C1"}  # Dylan is 4: the duty of care ended
    # Irwin's consent is past its review date.
    assert "Family IRW" in section(page, "caseload")


def test_caseload_records_what_it_reveals(demo, user):
    hana = user("hv.hana")
    gate.caseload(hana)
    rows = Disclosure.objects.filter(viewer=hana, context="page:caseload")
    assert rows.filter(subject__reference="JON-C1", category="sensitive", permitted=True).exists()
    assert not rows.filter(subject__reference="BRO-C1", category="sensitive").exists()
    assert not rows.filter(subject__reference__startswith="CLA").exists()


def test_recently_viewed_families_come_from_her_own_log(client_for):
    client = client_for("hv.hana")
    assert "You have not opened a family" in client.get("/").content.decode()
    for reference in ("ADA", "JON", "ADA"):
        client.get(f"/families/{reference}/")
    recent = client.get("/").content.decode().split('data-testid="recently-viewed"')[1].split("</ul>")[0]
    assert re.findall(r"Family ([A-Z]+)</a>", recent) == ["ADA", "JON"]


def test_another_health_visitors_caseload(client_for):
    page = client_for("hv.hugo").get("/").content.decode()
    assert set(re.findall(r'data-testid="caseload-([A-Z]+-C\d)"', page)) == {"LEW-C1"}


@pytest.mark.parametrize("username", ["fsw.frank", "mgr.maya", "ext.ella"])
def test_only_health_visitors_have_a_caseload(client_for, username):
    assert 'data-testid="caseload"' not in client_for(username).get("/").content.decode()


def test_manager_sees_overdue_reviews_by_health_visitor(client_for):
    page = client_for("mgr.maya").get("/").content.decode()
    table = section(page, "overdue-by-health-visitor")
    # Evans, Green and Irwin (9 to 12 months) and Jones (6 to 8 weeks).
    assert re.search(r"Hana Hussain \(hv.hana\)</td>\s*<td[^>]*>4</td>", table)
    assert "Hugo" not in table
    assert "Leo" not in table and "Jack" not in table  # counts, never children
    assert "Hugo Harris (hv.hugo)" in section(client_for("mgr.milo").get("/").content.decode(),
                                              "overdue-by-health-visitor")
    for username in ("hv.hana", "fsw.frank", "cg.cara"):
        assert 'data-testid="overdue-by-health-visitor"' not in client_for(username).get("/").content.decode()


@pytest.mark.parametrize("days_ahead", [0, 20, 45, 120, 300, 400, 800])
def test_the_count_in_sql_agrees_with_the_schedule(demo, days_ahead):
    """The aggregate's SQL and ``families.schedule`` are the same rule: count both ways."""
    today = TODAY + dt.timedelta(days=days_ahead)
    expected: dict[int | None, int] = {}
    for family in Family.objects.filter(centre__slug="riverside-childrens-centre"):
        for child in Person.objects.filter(family=family, kind="child"):
            contacts = [ContactFact(c.review, c.contact_date, c.outcome) for c in child.review_contacts.all()]
            schedule = review_schedule(
                date_of_birth=child.date_of_birth, due_date=child.due_date, contacts=contacts, today=today,
                registered_on=timezone.localdate(child.created_at),
            )
            overdue = sum(item.status == ReviewStatus.OVERDUE for item in schedule)
            if overdue:
                hv = family.named_health_visitor_id
                expected[hv] = expected.get(hv, 0) + overdue
    centre = Family.objects.get(reference="ADA").centre_id
    got = {row["health_visitor_id"]: row["overdue"] for row in overdue_reviews_by_health_visitor(
        centre_id=centre, today=today)}
    assert got == expected
