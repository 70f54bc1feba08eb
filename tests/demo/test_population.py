"""seed_demo --population N (issue 14): synthetic families across both reach areas, with what the
figures count, so the figures page shows real numbers next to suppressed cells."""
from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from centres.models import Centre
from families.models import Family, Person, ReviewContact
from families.vocabulary import Review
from sharing import figures

pytestmark = pytest.mark.django_db
FAMILIES = 120


@pytest.fixture
def population(demo):
    named = {p.reference: (p.first_name, p.ethnicity, p.date_of_birth) for p in Person.objects.all()}
    before = set(Family.objects.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("seed_demo", population=FAMILIES, stdout=out)
    return named, Family.objects.exclude(pk__in=before), out.getvalue()


def test_population_adds_families_across_both_reach_areas(population):
    named, added, output = population
    assert added.count() == FAMILIES
    assert "Training population: 120 families added." in output
    sectors = Counter(f.postcode[:-2].strip() for f in added)
    assert set(sectors) == {"NR1 1", "NR1 2", "NR3 1", "NR3 2"}
    people = Person.objects.filter(family__in=added)
    assert people.exclude(ethnicity="").count() > people.count() * 0.8
    contacts = ReviewContact.objects.filter(subject__family__in=added)
    assert {c.review for c in contacts} == set(Review.values)
    assert contacts.exclude(breastfeeding="").exists()
    # The named demo families are as they were.
    for person in Person.objects.filter(reference__in=named):
        assert (person.first_name, person.ethnicity, person.date_of_birth) == named[person.reference]


def test_figures_show_real_numbers_next_to_suppressed_cells(population):
    result = figures.figures_for(centre=Centre.objects.get(slug="riverside-childrens-centre"),
                                 period=figures.Period.default())
    texts = [cell.text for table in result.tables for row in table.rows for cell in row.cells]
    assert figures.SUPPRESSED in texts
    numbers = [int(t.replace(",", "")) for t in texts if t.replace(",", "").isdigit()]
    assert max(numbers) >= 50
    assert any(t.endswith("%") for t in texts)
