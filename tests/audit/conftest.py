"""The demo world with some history of every kind: disclosures, a reviewed override, changes."""
from __future__ import annotations

import pytest
from django.db import connection

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
    return demo


def disable_triggers(*tables: str) -> None:
    """Play the attacker with the database's keys: the test connection is a superuser, and the
    change is rolled back with the test's transaction."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
