"""config/db_router.py with two aliases on one test database: ``replica`` mirrors ``default``."""
from __future__ import annotations

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from config.db_router import ReportingRouter, for_reporting, replica_alias, reporting_reads
from consent.models import Purpose
from families.models import Family, Person
from sharing.gate import decisions_for
from sharing.loading import viewer_for
from sharing.models import Disclosure
from sharing.services import disclosures_record
from sharing.vocabulary import Category

BOTH = ["default", "replica"]


@pytest.fixture(autouse=True)
def close_replica():
    yield
    # The test database's teardown closes ``default`` but not a mirror: close it, or the drop waits.
    connections["replica"].close()


@pytest.mark.django_db(databases=BOTH)
def test_reads_stay_on_the_primary_unless_marked_for_reporting():
    assert Family.objects.all().db == "default"
    assert router.db_for_read(Person) == "default"
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert Purpose.objects.count() == 3
    assert len(replica) == 0


@pytest.mark.django_db(databases=BOTH)
def test_marked_reads_run_on_the_replica_connection():
    with reporting_reads(), CaptureQueriesContext(connections["replica"]) as replica:
        queryset = Purpose.objects.all()
        assert queryset.db == "replica"
        # The purposes the migration added: the replica alias really reads the same database.
        assert sorted(queryset.values_list("slug", flat=True)) == sorted(
            [Purpose.HEALTHCARE, Purpose.CENTRE_SERVICES, Purpose.MONITORING_EVALUATION]
        )
    assert len(replica) == 1
    assert for_reporting(Family.objects.all()).db == "replica"
    assert Family.objects.all().db == "default"  # the mark ends with the block


@pytest.mark.django_db(databases=BOTH)
def test_writes_and_disclosure_rows_go_to_the_primary_even_when_reporting(demo):
    hana = demo.get(username="hv.hana")
    person = Person.objects.get(reference="ADA-C1")
    decisions = decisions_for(hana, [person], Category.BASIC)
    with reporting_reads(), CaptureQueriesContext(connections["default"]) as primary:
        assert router.db_for_write(Disclosure) == "default"
        disclosures_record(viewer=viewer_for(hana), decisions=list(decisions.values()), context="test:router")
    assert any(q["sql"].startswith('INSERT INTO "sharing_disclosure"') for q in primary.captured_queries)
    assert Disclosure.objects.filter(context="test:router", subject=person).count() == 1


def test_without_a_replica_marked_reads_fall_back_to_the_primary():
    unconfigured = ReportingRouter(replica="no-such-alias")
    assert replica_alias("no-such-alias") == "default"
    with reporting_reads():
        assert unconfigured.db_for_read(Family) == "default"
        assert ReportingRouter().db_for_read(Family) == "replica"
    assert ReportingRouter().db_for_read(Family) == "default"


def test_only_the_primary_is_migrated():
    assert ReportingRouter().allow_migrate("default", "families")
    assert not ReportingRouter().allow_migrate("replica", "families")
