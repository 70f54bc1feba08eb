"""Reach-area figures (issue 14, ¶19–22): counted in the database, small numbers suppressed, no
disclosure rows, the group access on the trail, and who may see them."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from families.models import Person, ReviewContact
from families.vocabulary import Breastfeeding, ContactOutcome, ContactPlace, Ethnicity, PersonKind, Review
from sharing import figures
from sharing.models import Disclosure, TrailAccess
from tests import factories

pytestmark = pytest.mark.django_db


def _cells(result: figures.Figures, slug: str, label: str) -> list[str]:
    table = next(t for t in [*result.tables, result.trend] if t.slug == slug)
    return [c.text for c in next(r for r in table.rows if r.label == label).cells]


@pytest.fixture
def world(db):
    today = timezone.localdate()
    centre = factories.centre("Figures Centre", sectors=("NR9 1", "NR9 2"))
    hv = factories.staff(at=centre)
    big = [factories.family(by=hv, centre=centre, postcode=f"NR9 1A{chr(65 + i)}", child_age_days=400)
           for i in range(12)]
    small = factories.family(by=hv, centre=centre, postcode="NR9 2AB", child_age_days=400, mother_age_years=18)
    elsewhere = factories.family(by=hv, centre=centre, postcode="NR7 5ZZ", child_age_days=400)
    children = {f.reference: f.people.get(kind=PersonKind.CHILD) for f in [*big, small, elsewhere]}
    Person.objects.filter(pk=children[big[0].reference].pk).update(ethnicity=Ethnicity.white_roma)
    # 6 to 8 week review: 7 recorded in NR9 1, 6 of them breastfed — the one not breastfed must
    # not be worked out by subtraction.
    for index, family in enumerate(big[:7]):
        child = children[family.reference]
        ReviewContact.objects.create(
            subject=child, review=Review.SIX_TO_EIGHT_WEEKS, contact_date=child.date_of_birth + dt.timedelta(days=45),
            place=ContactPlace.HOME, outcome=ContactOutcome.COMPLETED,
            breastfeeding=Breastfeeding.NOT if index == 0 else Breastfeeding.TOTALLY, recorded_by=hv,
        )
    for family in big[:6]:
        factories.explicit_consent(family, by=hv)
    period = figures.Period(today - dt.timedelta(days=400), today)
    return centre, period, big, small


def test_counts_by_sector_with_small_numbers_suppressed(world, settings):
    centre, period, big, small = world
    result = figures.figures_for(centre=centre, period=period)
    columns = result.tables[0].columns
    assert columns == ["NR9 1", "NR9 2", "Outside the reach area", "Whole centre"]
    under_five = _cells(result, "children", "All children under 5")
    # NR9 2 and outside the reach area hold one child each: both suppressed, and the centre's
    # total (14) less NR9 1 (12) leaves 2 between them: 0 and 2, 1 and 1 or 2 and 0.
    assert under_five == ["12", figures.SUPPRESSED, figures.SUPPRESSED, "14"]
    # ¶22's example: the only Roma child in a sector.
    assert _cells(result, "ethnicity", "White")[0] == figures.SUPPRESSED
    # The teenage mother (18 at the birth) in NR9 2: one person.
    assert _cells(result, "parents", "Teenage parents (under 20 at the child's birth)")[1] == figures.SUPPRESSED
    # 7 recorded, 6 breastfed: the 1 not breastfed is a difference a reader could take.
    recorded = _cells(result, "breastfeeding", "6 to 8 week review: recorded")
    fed = _cells(result, "breastfeeding", "6 to 8 week review: totally or partially breastfed")
    assert figures.SUPPRESSED in (recorded[0], fed[0])
    assert _cells(result, "breastfeeding", "6 to 8 week review: breastfed (rate)")[0] == figures.SUPPRESSED
    # Active consent: 6 of 12 families in NR9 1, shown with its rate.
    assert _cells(result, "parents", "Families with active explicit consent")[0] == "6"
    assert _cells(result, "parents", "Families registered")[0] == "12"
    assert _cells(result, "parents", "Families with active explicit consent (rate)")[0] == "50%"


def test_every_figure_is_a_sum_the_database_counted(world):
    """Unsuppressed, the page's numbers are the truth (threshold 1 suppresses nothing)."""
    centre, period, big, small = world
    result = figures.figures_for(centre=centre, period=period)
    assert result.threshold == 5
    from django.test import override_settings

    with override_settings(FIGURES_SUPPRESSION_THRESHOLD=1):
        raw = figures.figures_for(centre=centre, period=period)
    assert raw.hidden_count == 0
    assert _cells(raw, "children", "All children under 5") == ["12", "1", "1", "14"]
    assert _cells(raw, "children", "1 year") == ["12", "1", "1", "14"]
    assert _cells(raw, "breastfeeding", "6 to 8 week review: recorded")[0] == "7"
    assert _cells(raw, "breastfeeding", "6 to 8 week review: totally or partially breastfed")[0] == "6"
    assert _cells(raw, "parents", "Teenage parents (under 20 at the child's birth)") == ["0", "1", "0", "1"]
    # Reviews: the new birth window closed for every child; none was seen in it.
    assert _cells(raw, "reviews", "New birth visit: due")[3] == "14"
    assert _cells(raw, "reviews", "New birth visit: completed on time")[3] == "0"
    assert _cells(raw, "reviews", "6 to 8 week review: completed on time")[0] == "7"
    assert _cells(raw, "ethnicity", "Not recorded")[0] == "11"


def test_the_page_writes_no_disclosure_and_records_a_group_access(client_for, user, assert_request_queries):
    client = client_for("mgr.maya")
    before = Disclosure.objects.count()
    with assert_request_queries(10):
        response = client.get("/sharing/figures/")
    assert response.status_code == 200
    assert Disclosure.objects.count() == before
    access = TrailAccess.objects.latest("id")
    assert (access.page, access.viewer.username) == ("figures", "mgr.maya")
    assert access.filters["centre"] == "riverside-childrens-centre"
    body = response.content.decode()
    assert "Reach-area figures" in body and "NR1 1" in body and 'role="img"' in body


def test_export_is_csv_recorded_and_suppressed(client_for):
    response = client_for("mgr.milo").get("/sharing/figures/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Centre", "From", "To", "Table", "Figure", "Area or month", "Value"]
    assert {r[0] for r in rows[1:] if len(r) > 1} == {"Hillview Children's Centre"}
    assert any(r[-1] == figures.SUPPRESSED for r in rows[1:] if len(r) > 1)
    assert TrailAccess.objects.latest("id").page == "figures-export"


@pytest.mark.parametrize("username", ["hv.hana", "fsw.frank", "sw.sara", "ext.ella"])
def test_practitioners_do_not_see_figures(client_for, username):
    assert client_for(username).get("/sharing/figures/").status_code == 403


def test_a_manager_sees_only_their_centre_and_the_guardian_chooses(client_for):
    body = client_for("mgr.maya").get("/sharing/figures/?centre=hillview-childrens-centre").content.decode()
    assert "Riverside Children" in body and "NR3 1" not in body
    body = client_for("cg.cara").get("/sharing/figures/?centre=hillview-childrens-centre").content.decode()
    assert "NR3 1" in body
    assert TrailAccess.objects.latest("id").centre.slug == "hillview-childrens-centre"


def test_a_period_must_be_in_order_and_not_too_long(client_for):
    client = client_for("mgr.maya")
    body = client.get("/sharing/figures/?date_from=2026-05-01&date_to=2026-01-01").content.decode()
    assert "The &#x27;to&#x27; date must be the same as or after the &#x27;from&#x27; date" in body
    body = client.get("/sharing/figures/?date_from=2020-01-01&date_to=2026-01-01").content.decode()
    assert "Choose a period of at most 24 months" in body
