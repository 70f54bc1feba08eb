"""Query-string values that reached the database malformed answer 4xx or are ignored (issue 11)."""
from __future__ import annotations

import pytest

from sharing.models import Disclosure
from tests.signin import verified_client


@pytest.mark.parametrize("replaces", ["9" * 5000, "9" * 19, "²", "-1", "1e3", " 1", "0x10", ""])
def test_the_consent_form_ignores_a_replaces_that_is_not_a_row_id(client_for, replaces):
    response = client_for("hv.hana").get("/consent/family/ADA/new/", {"replaces": replaces})
    assert response.status_code == 200
    assert "Record a new version" not in response.content.decode() or replaces == ""


def test_the_consent_form_still_takes_a_real_replaces(client_for):
    from consent.models import Consent

    consent = Consent.objects.filter(family__reference="ADA").first()
    response = client_for("hv.hana").get("/consent/family/ADA/new/", {"replaces": str(consent.pk)})
    assert response.status_code == 200
    assert response.context["replaces"] == consent


@pytest.mark.parametrize(
    "query",
    [
        "at__year=9999",
        "at__year=9999&at__month=12",
        "at__year=2026&at__month=12&at__day=31",
        f"at__year={2**63}",
        f"at__year={'9' * 5000}",
        "at__year=0",
        "at__year=2026&at__month=13",
        "at__year=x",
    ],
)
def test_the_admin_date_hierarchy_refuses_an_impossible_year(demo, query):
    client = verified_client(demo.get(username="admin"))  # the admin needs both factors too
    before = Disclosure.objects.count()
    response = client.get(f"/admin/sharing/disclosure/?{query}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
    assert Disclosure.objects.count() == before


@pytest.mark.parametrize(
    "path",
    [
        f"/consent/{2**63}/",
        f"/consent/{'9' * 5000}/withdraw/",
        f"/sharing/review/{2**64}/",
        "/families/" + "A" * 5000 + "/",
        "/families/people/%E2%80%AEADA-C1/edit/",
    ],
)
def test_huge_or_odd_references_in_the_address_are_not_found(client_for, path):
    response = client_for("mgr.maya").get(path)
    assert response.status_code == 404
