"""Reach: who can get at which families at all, before the policy decides what they see.

Reach follows the job (¶23): a centre's group reaches its families, an agency's group reaches
only the people an active consent names to it, and a user reaches through their one staff
membership. Moving, ending or deactivating that changes reach at once, for sessions already open.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre, JobRole, PartnerAgency
from centres.services import staff_membership_end, staff_membership_set, user_deactivate
from consent import services as consent_services
from consent.models import INFORMED_POINTS, Consent, ConsentDecision, ConsentMethod, Purpose
from families.models import Person, Relationship
from families.services import CarerInput, ChildInput, family_register
from sharing import gate, policy
from sharing.reach import reachable_families, reachable_people
from tests.signin import verified_client

User = get_user_model()
START = reverse("start")
SIGN_IN = reverse("login")


def family_page(reference: str) -> str:
    return reverse("families:detail", args=[reference])


def names_on_start(client: Client, search: str = "") -> set[str]:
    response = client.get(START, {"q": search} if search else {})
    assert response.status_code == 200
    return {p.basic.full_name for p in response.context["people"]}


def centre(slug: str) -> Centre:
    return Centre.objects.get(slug=slug)


def riverside() -> Centre:
    return centre("riverside-childrens-centre")


def hillview() -> Centre:
    return centre("hillview-childrens-centre")


def housing() -> PartnerAgency:
    return PartnerAgency.objects.get(slug="city-housing-support")


# --- No centre, no agency: no reach ------------------------------------------------------------


def test_a_user_in_no_centre_or_agency_reaches_nobody(demo):
    nobody = User.objects.create_user(username="no.job", password="x")
    assert not reachable_people(nobody).exists()
    assert not reachable_families(nobody).exists()
    client = verified_client(nobody)
    response = client.get(START)
    assert response.status_code == 200
    assert "You have no practitioner role" in response.content.decode()
    assert response.context["people"] == []
    for url in (family_page("ADA"), reverse("families:note-add", args=["ADA-C1"]), family_page("LEW")):
        assert client.get(url).status_code == 404


def test_a_group_without_a_membership_gives_no_reach(demo):
    """Reach follows the job, not a group put on the account by hand."""
    stray = User.objects.create_user(username="stray", password="x")
    stray.groups.add(riverside().group)
    assert not reachable_people(stray).exists()
    with pytest.raises(Http404):
        gate.family_for(stray, "ADA")
    client = verified_client(stray)
    assert client.get(family_page("ADA")).status_code == 404
    assert names_on_start(client) == set()


def test_ending_a_membership_ends_reach(demo, user, client_for):
    client = client_for("fsw.frank")
    assert client.get(family_page("ADA")).status_code == 200
    staff_membership_end(user=user("fsw.frank"))
    assert client.get(family_page("ADA")).status_code == 404
    assert names_on_start(client) == set()
    assert not user("fsw.frank").groups.exists()


# --- Moving moves reach --------------------------------------------------------------------------


def test_moving_a_user_to_another_centre_moves_their_reach(demo, user, client_for):
    client = client_for("fsw.frank")  # a session open before the move
    assert client.get(family_page("ADA")).status_code == 200
    assert client.get(family_page("MOR")).status_code == 200  # his override's family
    assert client.get(family_page("LEW")).status_code == 404
    assert "Archie Adams" in names_on_start(client)

    staff_membership_set(user=user("fsw.frank"), role=JobRole.FAMILY_SUPPORT_WORKER, centre=hillview())

    assert list(user("fsw.frank").groups.all()) == [hillview().group]
    assert client.get(family_page("ADA")).status_code == 404
    assert client.get(family_page("MOR")).status_code == 404  # an override never outlives reach
    assert client.get(reverse("families:note-add", args=["ADA-C1"])).status_code == 404
    response = client.get(family_page("LEW"))
    assert response.status_code == 200
    assert "Leo Lewis" in response.content.decode()
    assert names_on_start(client) == {"Lily Lewis", "Leo Lewis"}


def test_moving_a_centre_practitioner_to_an_agency_leaves_only_what_consent_names(demo, user, client_for):
    client = client_for("sw.sara")
    staff_membership_set(user=user("sw.sara"), role=JobRole.EXTERNAL_PRACTITIONER, agency=housing())
    assert list(user("sw.sara").groups.all()) == [housing().group]
    assert client.get(family_page("ADA")).status_code == 404  # in-centre consent never covers an agency
    page = client.get(family_page("EVA"))
    assert page.status_code == 200
    assert "Sensitive information not shared with you" in page.content.decode()
    assert names_on_start(client) == {"Erin Evans", "Ethan Evans"}


# --- Deactivation ----------------------------------------------------------------------------------


def test_deactivating_a_user_stops_their_open_session_at_once(demo, user, client_for):
    client = client_for("hv.hana")
    assert client.get(START).status_code == 200
    hana = user("hv.hana")
    hana.is_active = False
    hana.save(update_fields=["is_active"])
    for url in (START, family_page("ADA")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(SIGN_IN)


def test_user_deactivate_ends_every_session_for_good(demo, user):
    hana = user("hv.hana")
    clients = [verified_client(hana) for _ in range(2)]  # two browsers, both factors
    for client in clients:
        assert client.get(START).status_code == 200
    user_deactivate(user=hana)
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(hana.pk)]
    hana.is_active = True  # even if the account is later reactivated, the old sessions are gone
    hana.save(update_fields=["is_active"])
    for client in clients:
        response = client.get(START)
        assert response.status_code == 302
        assert response["Location"].startswith(SIGN_IN)


# --- External practitioners: consent grants, withdrawal revokes -------------------------------------


def _evans_consent() -> Consent:
    return Consent.objects.get(family__reference="EVA")


def test_external_reach_is_granted_by_consent_naming_the_agency(demo, user, client_for):
    ella = user("ext.ella")
    assert set(reachable_people(ella).values_list("reference", flat=True)) == {"EVA-P1", "EVA-C1"}
    assert gate.person_for(ella, "EVA-C1").reference == "EVA-C1"
    assert ella.has_perm("families.view_person", Person.objects.get(reference="EVA-C1"))
    client = client_for("ext.ella")
    page = client.get(family_page("EVA")).content.decode()
    assert "Ethan Evans" in page
    assert "Sensitive information not shared with you" in page  # the consent covers basic only
    assert names_on_start(client) == {"Erin Evans", "Ethan Evans"}
    # The same consent does not name Jobcentre Plus, and nothing names Housing for anyone else.
    assert client_for("ext.evan").get(family_page("EVA")).status_code == 404
    assert client.get(family_page("ADA")).status_code == 404
    assert client.get(family_page("BRO")).status_code == 404


def test_external_reach_is_revoked_at_once_by_consent_withdrawal(demo, user, client_for):
    client = client_for("ext.ella")  # a session open before the withdrawal
    assert client.get(family_page("EVA")).status_code == 200
    consent_services.consent_withdraw(
        consent=_evans_consent(), recorded_by=user("hv.hana"), reason="Mother withdrew at the centre."
    )
    ella = user("ext.ella")
    assert not reachable_people(ella).exists()
    assert not ella.has_perm("families.view_person", Person.objects.get(reference="EVA-C1"))
    assert client.get(family_page("EVA")).status_code == 404
    assert names_on_start(client) == set()
    assert names_on_start(client, "Evans") == set()
    # The in-centre team keeps its reach to the family (the record is the centre's), not the reveal.
    page = client_for("fsw.frank").get(family_page("EVA"))
    assert page.status_code == 200
    assert "Ethan Evans" not in page.content.decode()


def test_a_new_consent_naming_the_agency_grants_reach_and_a_new_version_without_it_revokes(demo, user, client_for):
    hana, client = user("hv.hana"), client_for("ext.ella")
    brown = Person.objects.filter(family__reference="BRO")
    mother = brown.get(reference="BRO-P1")
    consent = consent_services.consent_record(
        family=mother.family, given_by=mother, subjects=list(brown), decision=ConsentDecision.GIVEN,
        recorded_by=hana, covers_basic=True, agencies=[housing()],
        purposes=[Purpose.objects.get(slug=Purpose.CENTRE_SERVICES)], method=ConsentMethod.WRITTEN,
        informed=dict.fromkeys(INFORMED_POINTS, True),
    )
    assert client.get(family_page("BRO")).status_code == 200
    assert {"Beth Brown", "Billy Brown"} <= names_on_start(client)
    consent_services.consent_record(
        family=mother.family, given_by=mother, subjects=list(brown), decision=ConsentDecision.GIVEN,
        recorded_by=hana, covers_basic=True, in_centre_team=True,
        purposes=[Purpose.objects.get(slug=Purpose.CENTRE_SERVICES)], method=ConsentMethod.WRITTEN,
        informed=dict.fromkeys(INFORMED_POINTS, True), supersedes=consent,
    )
    assert client.get(family_page("BRO")).status_code == 404
    assert not {"Beth Brown", "Billy Brown"} & names_on_start(client)


# --- Lists and search filter in the database ----------------------------------------------------------


def _register_families(count: int, *, at: Centre, by, surname: str) -> None:
    today = timezone.localdate()
    for n in range(count):
        family_register(
            registered_by=by, centre=at, address_line_1=f"{n} Far Lane", town="Norwich", postcode="NR3 1ZZ",
            carers=[CarerInput(f"Parent{n}", surname, today - dt.timedelta(days=365 * 30), Relationship.MOTHER, True)],
            children=[ChildInput(f"Child{n}", surname, today - dt.timedelta(days=200))],
            confirmed_not_duplicate=True,
        )


def _start_queries(client: Client, search: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        names_on_start(client, search)
    return len(queries)


@pytest.mark.parametrize("search", ["", "Adams", "Outsider"])
def test_the_start_page_filters_in_the_database(demo, user, client_for, django_assert_max_num_queries,
                                                monkeypatch, search):
    client = client_for("hv.hana")
    before_names = names_on_start(client, search)
    baseline = _start_queries(client, search)

    _register_families(30, at=hillview(), by=user("hv.hugo"), surname="Outsider")
    outsiders = set(Person.objects.filter(last_name="Outsider").values_list("pk", flat=True))
    assert len(outsiders) == 60

    decided: set[int] = set()
    decide_many = policy.decide_many

    def spy(viewer, subjects, *args, **kwargs):
        subjects = list(subjects)
        decided.update(s.person_id for s in subjects)
        return decide_many(viewer, subjects, *args, **kwargs)

    monkeypatch.setattr(policy, "decide_many", spy)
    with django_assert_max_num_queries(baseline):
        assert names_on_start(client, search) == before_names
    if before_names:
        assert decided, "the start page decides through the policy"
    assert not decided & outsiders, "people of another centre were loaded and decided in Python"


def test_the_start_page_queries_do_not_grow_with_the_centre_s_own_families(demo, user, client_for,
                                                                          django_assert_max_num_queries):
    client = client_for("hv.hugo")
    baseline = _start_queries(client)
    _register_families(30, at=hillview(), by=user("hv.hugo"), surname="Neighbour")
    with django_assert_max_num_queries(baseline):
        names = names_on_start(client)
    assert len(names) == 25  # a page of the worklist (issue 12)
    # Health duty of care: basic information of children under 4 and their carers, page by page.
    after = ""
    while True:
        response = client.get(START, {"after": after} if after else {})
        names |= {p.basic.full_name for p in response.context["people"]}
        after = response.context["next_after"]
        if not after:
            break
    assert {f"Child{n} Neighbour" for n in range(30)} <= names
    assert names_on_start(client_for("hv.hana"), "Neighbour") == set()


def test_a_superuser_never_has_a_practitioner_role(demo, user):
    import pytest
    from django.core.exceptions import ValidationError

    from centres.models import Centre, JobRole, StaffMembership
    from centres.services import SUPERUSER_HAS_NO_ROLE, staff_membership_set
    from sharing import gate

    admin = user("admin")
    riverside = Centre.objects.get(slug="riverside-childrens-centre")
    with pytest.raises(ValidationError) as error:
        staff_membership_set(user=admin, role=JobRole.HEALTH_VISITOR, centre=riverside)
    assert SUPERUSER_HAS_NO_ROLE in error.value.messages
    # Even a membership written around the service gives a superuser no person data.
    StaffMembership.objects.create(user=admin, role=JobRole.HEALTH_VISITOR, centre=riverside)
    admin.groups.add(riverside.group)
    admin = user("admin")
    assert gate.visible_people(admin, context="test") == []
    frank = user("fsw.frank")
    frank.is_superuser = True
    frank.save()
    assert gate.visible_people(user("fsw.frank"), context="test") == []
