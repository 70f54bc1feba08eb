"""The demo world with some history of every kind: disclosures, a reviewed override, changes."""
from __future__ import annotations

import contextlib

import pytest
from django.db import connection

from accounts.services import second_factor_reset
from sharing import services
from sharing.models import Override, ReviewOutcome


@pytest.fixture
def history(demo, user, client_for):
    """Pages opened by three practitioners (so the disclosure log has rows from several bulk
    inserts) and the demo override reviewed (so every history table holds at least one row)."""
    for username, reference in [("fsw.frank", "ADA"), ("hv.hana", "BRO"), ("sw.sara", "ADA"), ("fsw.frank", "EVA")]:
        response = client_for(username).get(f"/families/{reference}/")
        assert response.status_code == 200
    services.override_review(
        override=Override.objects.first(), reviewer=user("mgr.maya"), outcome=ReviewOutcome.JUSTIFIED
    )
    second_factor_reset(user=user("fsw.frank"), reset_by=user("mgr.maya"), reason="Lost phone")
    return demo


@contextlib.contextmanager
def tampering(*tables: str):
    """Play the attacker with the database's keys: switch the append-only triggers off, tamper,
    switch them on again (so that verify_audit judges the chain alone). The test connection is a
    superuser; everything is rolled back with the test's transaction."""
    disable_triggers(*tables)
    yield
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')


def disable_triggers(*tables: str) -> None:
    with connection.cursor() as cursor:
        # PostgreSQL alters no table with foreign-key checks still pending (Django defers them to
        # the commit, which a test never reaches): run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
