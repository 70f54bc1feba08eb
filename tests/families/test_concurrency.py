"""Registrations at the same moment, on real threads against PostgreSQL (issue 11).

Each thread is a browser submitting the registration form through the whole request stack
(its own connection, its own request transaction). Before the advisory locks, ten at once gave
five 500s (a family reference taken twice) and five duplicate families.
"""
from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from families.models import Family, Person
from tests import factories
from tests.signin import totp_device, verified_client

THREADS = 10
SIX_WEEKS_AGO = timezone.localdate() - dt.timedelta(weeks=6)


def _form(first_name: str, last_name: str) -> dict[str, str]:
    return {
        "registration_token": str(uuid.uuid4()),  # a different form each time: no double submit
        "address_line_1": "4 Test Lane",
        "town": "Norwich",
        "postcode": "NR1 1AB",
        "carer1_first_name": "Rosa",
        "carer1_last_name": last_name,
        "carer1_date_of_birth_0": "3",
        "carer1_date_of_birth_1": "4",
        "carer1_date_of_birth_2": "1994",
        "carer1_relationship": "mother",
        "carer1_parental_responsibility": "yes",
        "child1_first_name": first_name,
        "child1_last_name": last_name,
        "child1_date_of_birth_0": str(SIX_WEEKS_AGO.day),
        "child1_date_of_birth_1": str(SIX_WEEKS_AGO.month),
        "child1_date_of_birth_2": str(SIX_WEEKS_AGO.year),
    }


def _submit_at_once(user, forms: list[dict[str, str]]) -> list[int]:
    """POST each form from its own thread, all released together; the HTTP statuses."""
    totp_device(user)  # the authenticator exists before the threads sign in with it
    start = threading.Barrier(len(forms))
    statuses: list[int] = [0] * len(forms)

    def post(i: int, data: dict[str, str]) -> None:
        try:
            client = verified_client(user, raise_request_exception=False)  # both factors, as in production
            start.wait()
            statuses[i] = client.post("/families/register/", data).status_code
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=post, args=(i, data)) for i, data in enumerate(forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.fixture
def health_visitor(transactional_db, django_db_serialized_rollback):
    riverside = factories.centre("Riverside Test", sectors=["NR1 1"])
    return factories.staff(at=riverside)


def test_ten_registrations_of_the_same_family_at_once_make_one_family(health_visitor):
    statuses = _submit_at_once(health_visitor, [_form("Rory", "Rees") for _ in range(THREADS)])
    assert 500 not in statuses
    # One is registered (redirect to the family); the other nine are shown the duplicate.
    assert sorted(statuses) == [200] * (THREADS - 1) + [302]
    assert Person.objects.filter(first_name="Rory", last_name="Rees").count() == 1
    assert Family.objects.count() == 1


def test_ten_different_families_at_once_get_ten_different_references(health_visitor):
    statuses = _submit_at_once(health_visitor, [_form(f"Child{i}", f"Family{i}") for i in range(THREADS)])
    assert statuses == [302] * THREADS
    references = list(Family.objects.values_list("reference", flat=True))
    assert sorted(references) == [f"RIV{n}" for n in range(100, 100 + THREADS)]
