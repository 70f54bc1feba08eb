"""Loading the facts the policy decides over: constant queries, whatever the number of people."""
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from families.models import Person
from sharing import gate
from sharing.vocabulary import Category


def test_decisions_for_many_take_constant_queries(demo, user):
    hana = user("hv.hana")
    few = list(Person.objects.filter(reference__in=["ADA-C1", "BRO-C1"]).select_related("family"))
    many = list(Person.objects.select_related("family"))

    gate.decisions_for(hana, few[:1], Category.BASIC)  # warm the per-request membership cache
    with CaptureQueriesContext(connection) as small:
        gate.decisions_for(hana, few, Category.BASIC)
    with CaptureQueriesContext(connection) as large:
        decisions = gate.decisions_for(hana, many, Category.SENSITIVE)
    assert len(decisions) == len(many) > len(few)
    assert len(large.captured_queries) == len(small.captured_queries)
