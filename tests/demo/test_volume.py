"""seed_volume: the shape of the population it writes, on the test database (issue 12)."""
from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count

from centres.models import Centre, PartnerAgency
from consent.models import Consent, ConsentDecision, ConsentKind, Objection, PrivacyNotice
from consent.services import agency_reach_sync
from demo.volume import AGENCY_SLUG, CENTRE_SLUGS
from families.models import (
    Family,
    FamilyGroupObjectPermission,
    Note,
    Person,
    PersonGroupObjectPermission,
    PersonKind,
    Relationship,
)
from families.services import CarerInput, family_register
from sharing.gate import decisions_for
from sharing.models import Basis, Disclosure
from sharing.vocabulary import Category

FAMILIES = 50


@pytest.fixture
def volume(demo):
    """50 volume families on top of the demo world, through the command."""
    before = set(Family.objects.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("seed_volume", families=FAMILIES, stdout=out)
    families = Family.objects.exclude(pk__in=before)
    return families, out.getvalue()


def test_families_split_across_the_two_centres_with_people_and_notes_in_range(volume):
    families, output = volume
    assert families.count() == FAMILIES
    per_centre = Counter(families.values_list("centre__slug", flat=True))
    assert per_centre == dict.fromkeys(CENTRE_SLUGS, FAMILIES // 2)
    people = Person.objects.filter(family__in=families)
    children = Counter(people.filter(kind=PersonKind.CHILD).values_list("family_id", flat=True))
    carers = Counter(people.filter(kind=PersonKind.ADULT).values_list("family_id", flat=True))
    notes = Counter(Note.objects.filter(subject__family__in=families).values_list("subject__family_id", flat=True))
    assert set(children.values()) <= {1, 2, 3, 4} and len(children) == FAMILIES
    assert set(carers.values()) <= {1, 2} and len(carers) == FAMILIES
    assert max(notes.values()) <= 6
    # ~1.8 children, ~1.5 carers, ~3 notes a family.
    assert 1.4 <= sum(children.values()) / FAMILIES <= 2.2
    assert 1.2 <= sum(carers.values()) / FAMILIES <= 1.8
    assert 2.2 <= sum(notes.values()) / FAMILIES <= 3.8
    assert "families_person" in output and "rows/s" in output


def test_every_consent_state_objections_and_privacy_notices_are_present(volume):
    families, _ = volume
    consents = Consent.objects.filter(family__in=families)
    explicit = consents.filter(kind=ConsentKind.EXPLICIT)
    housing = PartnerAgency.objects.get(slug=AGENCY_SLUG)
    assert explicit.filter(decision=ConsentDecision.GIVEN, withdrawal__isnull=True, superseded_by__isnull=True)
    assert explicit.filter(decision=ConsentDecision.REFUSED).exists()
    assert explicit.filter(withdrawal__isnull=False).exists()
    assert consents.filter(kind=ConsentKind.IMPLIED).exists()
    assert explicit.filter(superseded_by__isnull=False).exists()
    assert explicit.filter(agencies=housing, withdrawal__isnull=True, superseded_by__isnull=True).exists()
    assert Objection.objects.filter(family__in=families).exists()
    assert 0 < PrivacyNotice.objects.filter(family__in=families).count() < FAMILIES
    # Every consent names its subjects and purposes, as consent_record requires.
    assert not consents.annotate(n=Count("subjects")).filter(n=0).exists()
    assert not consents.annotate(n=Count("purposes")).filter(n=0).exists()


def test_reach_rows_are_exactly_what_the_services_grant(volume):
    families, _ = volume
    for family in families.select_related("centre"):
        codenames = set(
            FamilyGroupObjectPermission.objects.filter(content_object=family, group=family.centre.group)
            .values_list("permission__codename", flat=True)
        )
        assert codenames == {"view_family", "change_family"}, family.reference
    agency_rows = PersonGroupObjectPermission.objects.filter(content_object__family__in=families)
    before = set(agency_rows.values_list("group_id", "content_object_id", "permission_id"))
    assert before, "agency consents naming City Housing Support grant view_person"
    agency_reach_sync(person_ids=set(Person.objects.filter(family__in=families).values_list("pk", flat=True)))
    assert set(agency_rows.values_list("group_id", "content_object_id", "permission_id")) == before


def test_the_policy_reads_the_seeded_consents_as_their_state_says(volume, user):
    families, _ = volume
    frank = user("fsw.frank")
    riverside = families.filter(centre__slug="riverside-childrens-centre")
    given = Person.objects.filter(
        family__in=riverside,
        consents__kind=ConsentKind.EXPLICIT,
        consents__decision=ConsentDecision.GIVEN,
        consents__withdrawal__isnull=True,
        consents__superseded_by__isnull=True,
    ).first()
    refused = Person.objects.filter(family__in=riverside, consents__decision=ConsentDecision.REFUSED).first()
    decisions = decisions_for(frank, [given, refused], Category.BASIC)
    assert decisions[given.pk].permitted and decisions[given.pk].basis == Basis.EXPLICIT_CONSENT
    assert not decisions[refused.pk].permitted


def test_disclosure_log_defaults_to_ten_rows_a_family(volume):
    families, _ = volume
    assert Disclosure.objects.filter(subject__family__in=families).count() == 10 * FAMILIES
    assert Disclosure.objects.filter(subject__family__in=families, permitted=True).exists()
    assert Disclosure.objects.filter(subject__family__in=families, permitted=False).exists()


def test_running_again_adds_on_top_and_registration_still_takes_the_next_reference(volume, user):
    families, _ = volume
    riverside = Centre.objects.get(slug="riverside-childrens-centre")
    log_before = Disclosure.objects.count()
    call_command("seed_volume", families=4, disclosures=7, stdout=io.StringIO())
    assert Disclosure.objects.count() == log_before + 7
    references = list(Family.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references))
    assert Family.objects.filter(centre=riverside, reference__startswith="RIV").count() == FAMILIES // 2 + 2
    highest = max(int(r[3:]) for r in references if r.startswith("RIV"))
    # Ids were reserved from the sequences: an ordinary registration does not collide.
    family = family_register(
        registered_by=user("hv.hana"),
        centre=riverside,
        address_line_1="1 New Street",
        town="Norwich",
        postcode="NR1 1AA",
        carers=[CarerInput("Nia", "Newman", dt.date(1990, 5, 1), Relationship.MOTHER, True)],
        children=[],
        confirmed_not_duplicate=True,
    )
    assert family.reference == f"RIV{highest + 1}"


def test_the_seeded_log_is_chained_and_free_text_encrypted(volume):
    """The volume writes history as the product does: the disclosure chain verifies, notes decrypt."""
    from django.core.management import call_command
    from django.db import connection

    from families.models import Note

    call_command("verify_audit")  # raises CommandError (exit 1) on a broken link
    note = Note.objects.order_by("-pk").first()
    assert note.text
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM families_note WHERE id = %s", [note.pk])
        assert cursor.fetchone()[0] != note.text  # what is stored is not the text
