"""Families move (issue 13): the transfer service, the reach-area check, the gate after a move,
and the transfer page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from centres.models import Centre
from centres.selectors import centre_for_postcode, postcode_sector
from consent.models import Consent
from families import services
from families.forms import POSTCODE_IN_NO_AREA, POSTCODE_IN_OTHER_AREA
from families.models import Family, FamilyGroupObjectPermission, FamilyTransfer
from sharing.models import Disclosure
from sharing.reach import reachable_families
from tests import factories
from tests.families.test_views import registration_data

ADAMS_NOTE = "Breastfeeding well at 6–8 week review"
ADAMS_MOTHER_NOTE = "Mood good; attends the Tuesday stay-and-play group."


def _groups_reaching(family: Family) -> set[str]:
    return set(
        FamilyGroupObjectPermission.objects.filter(content_object=family).values_list("group__name", flat=True)
    )


@pytest.fixture
def hillview(demo) -> Centre:
    return Centre.objects.get(name="Hillview Children's Centre")


def transfer_adams(user, hillview) -> FamilyTransfer:
    """Adams (a child aged 1 with full consent to the Riverside team and sensitive notes): the
    family whose move shows most — everything was shared at Riverside, and a child under 4 keeps
    the health duty of care at Hillview."""
    adams = Family.objects.get(reference="ADA")
    return services.family_transfer(
        family=adams, to_centre=hillview, transferred_by=user("mgr.maya"), expected_version=adams.version
    )


# --- The service -------------------------------------------------------------------------------


def test_transfer_moves_reach_to_the_new_centres_group_and_records_the_move(user, hillview):
    adams = Family.objects.get(reference="ADA")
    Family.objects.filter(pk=adams.pk).update(named_health_visitor=user("hv.hana"))
    riverside = adams.centre
    assert _groups_reaching(adams) == {riverside.group.name}
    transfer = transfer_adams(user, hillview)
    adams.refresh_from_db()
    assert adams.centre == hillview and adams.version == 2
    assert adams.named_health_visitor is None  # Hana is Riverside's; Hillview names its own
    assert _groups_reaching(adams) == {hillview.group.name}
    assert (transfer.from_centre, transfer.to_centre) == (riverside, hillview)
    assert transfer.transferred_by == user("mgr.maya")
    assert list(reachable_families(user("hv.hugo")).filter(reference="ADA")) == [adams]
    assert not reachable_families(user("hv.hana")).filter(reference="ADA").exists()
    # The consents are not moved or changed: they stay the record of what was agreed, with whom.
    assert Consent.objects.filter(family=adams).count() == 1


def test_transfer_is_atomic(user, hillview, monkeypatch):
    adams = Family.objects.get(reference="ADA")

    def fail(**kwargs):
        raise RuntimeError("the record failed")

    monkeypatch.setattr(services, "FamilyTransfer", type("Broken", (), {"objects": type("M", (), {"create": fail})}))
    with pytest.raises(RuntimeError):
        services.family_transfer(
            family=adams, to_centre=hillview, transferred_by=user("mgr.maya"), expected_version=adams.version
        )
    adams.refresh_from_db()
    assert adams.centre.name.startswith("Riverside") and adams.version == 1
    assert _groups_reaching(adams) == {adams.centre.group.name}
    assert not FamilyTransfer.objects.exists()


def test_transfer_from_a_stale_page_or_to_the_same_centre_is_refused(user, hillview):
    adams = Family.objects.get(reference="ADA")
    transfer_adams(user, hillview)
    with pytest.raises(services.StaleEditError):
        services.family_transfer(family=adams, to_centre=hillview, transferred_by=user("mgr.maya"), expected_version=1)
    with pytest.raises(ValidationError, match="already registered with this centre"):
        services.family_transfer(family=adams, to_centre=hillview, transferred_by=user("mgr.milo"), expected_version=2)
    assert FamilyTransfer.objects.count() == 1


def test_a_transfer_is_history(user, hillview):
    from config.append_only import AppendOnlyError

    transfer = transfer_adams(user, hillview)
    with pytest.raises(AppendOnlyError):
        transfer.delete()


# --- Postcode lookup -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "postcode, sector, centre",
    [("NR1 1AB", "NR1 1", "Riverside"), ("NR1 2ZZ", "NR1 2", "Riverside"), ("NR3 1AA", "NR3 1", "Hillview"),
     ("NR3 2BD", "NR3 2", "Hillview"), ("NR9 9AA", "NR9 9", None), ("NR13 1AA", "NR13 1", None)],
)
def test_centre_for_postcode(demo, django_assert_num_queries, postcode, sector, centre):
    assert postcode_sector(postcode) == sector
    with django_assert_num_queries(1):
        found = centre_for_postcode(postcode)
    assert (found.name.split()[0] if found else None) == centre


def test_registration_at_another_centres_postcode_says_which_and_may_go_on(client_for):
    client = client_for("hv.hana")
    data = registration_data(postcode="nr3 1aa")
    response = client.post("/families/register/", data)
    html = response.content.decode()
    message = POSTCODE_IN_OTHER_AREA.format(
        postcode="NR3 1AA", other="Hillview Children's Centre", own="Riverside Children's Centre"
    )
    assert response.status_code == 200 and 'href="#id_confirm_area"' in html
    assert message.replace("'", "&#x27;") in html
    assert not Family.objects.filter(reference__startswith="RIV").exists()
    # She goes on: the family is registered with her centre.
    response = client.post("/families/register/", {**data, "confirm_area": "on", "area_shown": "1"})
    assert response.status_code == 302
    assert Family.objects.get(reference="RIV100").centre.name.startswith("Riverside")


def test_registration_at_a_postcode_in_no_area_says_so(client_for):
    response = client_for("hv.hugo").post("/families/register/", registration_data(postcode="NR9 9AA"))
    message = POSTCODE_IN_NO_AREA.format(postcode="NR9 9AA", own="Hillview Children's Centre")
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Family.objects.filter(reference__startswith="HIL").exists()


def test_registration_in_own_area_asks_nothing(client_for):
    assert client_for("hv.hugo").post("/families/register/", registration_data(postcode="NR3 2AA")).status_code == 302


# --- The gate after a move (POLICY.md basis 1 and 2, consent box) -------------------------------


def test_after_the_move_hillview_sees_only_what_the_policy_allows(client_for, user, hillview):
    transfer_adams(user, hillview)
    # hv.hugo: basic information by the health duty of care (a child under 4 and her mother), no notes.
    page = client_for("hv.hugo").get("/families/ADA/").content.decode()
    assert "Archie Adams" in page and "Alice Adams" in page and "12 Riverside Road" in page
    assert "Health duty of care" in page
    assert ADAMS_NOTE not in page and ADAMS_MOTHER_NOTE not in page
    assert "consent to one centre&#x27;s team does not cover another&#x27;s" in page
    assert "Moved from Riverside Children&#x27;s Centre to Hillview Children&#x27;s Centre" in page
    rows = Disclosure.objects.filter(viewer__username="hv.hugo", subject__reference="ADA-C1")
    assert {(r.category, r.permitted, r.basis) for r in rows} == {
        ("basic", True, "health_duty_of_care"), ("sensitive", False, ""),
    }
    # fsw.fiona: nothing until new consent is recorded.
    page = client_for("fsw.fiona").get("/families/ADA/").content.decode()
    assert "Archie" not in page and "Alice" not in page and ADAMS_NOTE not in page
    assert "Moved from" not in page  # the move is shown only to someone shown someone in the family
    # Riverside no longer reaches it at all.
    for username in ("mgr.maya", "hv.hana", "fsw.frank", "sw.sara"):
        assert client_for(username).get("/families/ADA/").status_code == 404


def test_new_consent_at_the_new_centre_counts(client_for, user, hillview):
    transfer_adams(user, hillview)
    adams = Family.objects.get(reference="ADA")
    factories.explicit_consent(adams, by=user("hv.hugo"), topics=("breastfeeding", "emotional_health"))
    page = client_for("fsw.fiona").get("/families/ADA/").content.decode()
    assert "Archie Adams" in page and ADAMS_NOTE in page


# --- The transfer page ---------------------------------------------------------------------------


def test_the_manager_transfers_a_family_from_the_page(client_for, user, hillview):
    maya = client_for("mgr.maya")
    family_page = maya.get("/families/ADA/").content.decode()
    assert 'href="/families/ADA/transfer/"' in family_page
    page = maya.get("/families/ADA/transfer/").content.decode()
    assert "Transfer family ADA to another centre" in page and "Hillview Children&#x27;s Centre" in page
    assert "Alice" not in page  # the page needs no one's details
    # An empty POST changes nothing and says what to do.
    response = maya.post("/families/ADA/transfer/", {})
    assert response.status_code == 200 and "Select the centre the family is moving to" in response.content.decode()
    assert not FamilyTransfer.objects.exists()
    response = maya.post("/families/ADA/transfer/", {"version": 1, "to_centre": hillview.pk})
    assert response.status_code == 302 and response["Location"] == "/"
    assert Family.objects.get(reference="ADA").centre == hillview
    # A second submit of the same page is stale: the family is no longer hers.
    assert maya.post("/families/ADA/transfer/", {"version": 1, "to_centre": hillview.pk}).status_code == 404
    # Hillview's manager may move it on (nothing about its people is shared with him yet).
    milo = client_for("mgr.milo").get("/families/ADA/").content.decode()
    assert 'href="/families/ADA/transfer/"' in milo and "Alice" not in milo


@pytest.mark.parametrize(
    "username, status", [("hv.hana", 403), ("fsw.frank", 403), ("mgr.milo", 404), ("ext.ella", 404)]
)
def test_only_the_familys_manager_may_transfer(client_for, username, status):
    assert client_for(username).get("/families/ADA/transfer/").status_code == status
    assert client_for(username).post("/families/ADA/transfer/", {}).status_code == status
    assert Family.objects.get(reference="ADA").centre.name.startswith("Riverside")


# Session, user with membership, the verified device, the family by reach (with its centre), the
# other centres; a transfer adds the family's row lock, the permission delete, the family update,
# guardian's grant (content type and permission look-ups, two inserts) and the transfer insert.
def test_transfer_page_query_counts_are_exact(client_for, assert_request_queries, hillview):
    client = client_for("mgr.maya")
    client.get("/families/ADA/transfer/")
    with assert_request_queries(5):
        assert client.get("/families/ADA/transfer/").status_code == 200
    with assert_request_queries(5):
        assert client.post("/families/ADA/transfer/", {}).status_code == 200
    with assert_request_queries(21):
        assert client.post("/families/ADA/transfer/", {"version": 1, "to_centre": hillview.pk}).status_code == 302


def test_the_printed_consent_still_names_the_team_it_was_given_to(client_for, user, hillview):
    transfer_adams(user, hillview)
    consent = Consent.objects.get(family__reference="ADA")
    page = client_for("hv.hugo").get(f"/consent/{consent.pk}/").content.decode()
    assert "The Riverside Children&#x27;s Centre multi-agency team" in page
    assert "The Hillview Children&#x27;s Centre multi-agency team" not in page
