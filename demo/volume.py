"""A local authority's worth of families, on top of the demo world, for measuring (issue 12).

``seed_volume(families=N)`` writes N families split evenly across the two demo centres, with
their people, carer links, notes, consents in every state, objections, privacy notices, the
guardian reach the services would grant, and a disclosure log (10 rows a family by default).
Everything goes in with PostgreSQL ``COPY`` (psycopg 3), a chunk of families per transaction,
so 100k families take minutes, not hours.

Running it twice **adds on top**: new families take the centre's next references (as
``families.services.family_register`` would), so a database can be grown from 1k to 100k
families between two measurements. A family's shape (people, dates, consent state, notes) is
decided by its reference alone, so ``RIV100`` is the same family in every volume database.

The rows are written directly, not through the services, so django-auditlog records no change
history for them (they are not changes) and no policy decides the disclosure rows (they are
plausible history, not decisions). Reach rows are exactly what the services grant:
``tests/demo/test_volume.py`` checks that ``agency_reach_sync`` finds nothing to change.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.db import DEFAULT_DB_ALIAS, connection, models, transaction
from django.utils import timezone

from audit import chain
from centres.models import Centre, JobRole, PartnerAgency, StaffMembership
from centres.vocabulary import HEALTH_PROFESSIONAL_ROLES
from config.fields import EncryptedTextField, encrypt
from consent.models import (
    INFORMED_POINTS,
    Consent,
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    ConsentWithdrawal,
    Objection,
    PrivacyNotice,
    Purpose,
)
from consent.services import REVIEW_AFTER_MONTHS, add_months
from families.models import (
    CarerLink,
    Family,
    FamilyGroupObjectPermission,
    Note,
    Person,
    PersonGroupObjectPermission,
    PersonKind,
    Relationship,
    SensitiveTopic,
)
from families.services import _family_reference
from sharing.models import Basis, CategoryChoice, Disclosure

CENTRE_SLUGS = ("riverside-childrens-centre", "hillview-childrens-centre")
AGENCY_SLUG = "city-housing-support"  # the agency the demo world's consents name (docs/demo-data.md)
CHUNK_FAMILIES = 2_000
DISCLOSURES_PER_FAMILY = 10

# Consent states, one per family, in a fixed cycle over each centre's reference numbers, so any
# 20 consecutive families of a centre hold every state (the test seeds 50 and finds them all).
GIVEN = "given"
AGENCY = "agency"  # given, basic only, in-centre team and City Housing Support
REFUSED = "refused"
WITHDRAWN = "withdrawn"
WITHDRAWN_AGENCY = "withdrawn_agency"  # named City Housing Support, then withdrawn: no reach
IMPLIED = "implied"
SUPERSEDED = "superseded"  # an old version replaced by a newer given one
SUPERSEDED_AGENCY = "superseded_agency"  # the old version named the agency, the new one does not
NONE = "none"
STATE_CYCLE: tuple[tuple[str, bool], ...] = (  # (consent state, the family objected ¶15)
    (GIVEN, False), (NONE, False), (GIVEN, False), (AGENCY, False), (REFUSED, True),
    (GIVEN, False), (IMPLIED, False), (WITHDRAWN, False), (SUPERSEDED, False), (NONE, True),
    (GIVEN, False), (AGENCY, False), (WITHDRAWN_AGENCY, False), (GIVEN, False), (REFUSED, False),
    (IMPLIED, False), (SUPERSEDED_AGENCY, False), (NONE, False), (GIVEN, False), (NONE, False),
)
CONSENT_STATES = frozenset(state for state, _ in STATE_CYCLE)

# Weighted like a British town's register: "Smith" is common enough for search to find many.
SURNAMES = (
    ("Smith", 12), ("Jones", 8), ("Williams", 6), ("Taylor", 5), ("Brown", 5), ("Davies", 4),
    ("Evans", 4), ("Wilson", 4), ("Thomas", 3), ("Johnson", 3), ("Roberts", 3), ("Robinson", 3),
    ("Thompson", 3), ("Wright", 3), ("Walker", 3), ("White", 3), ("Edwards", 2), ("Hughes", 2),
    ("Green", 2), ("Hall", 2), ("Lewis", 2), ("Harris", 2), ("Clarke", 2), ("Patel", 2),
    ("Jackson", 2), ("Wood", 2), ("Turner", 2), ("Martin", 2), ("Cooper", 2), ("Hill", 2),
    ("Ward", 2), ("Morris", 2), ("Moore", 2), ("Clark", 2), ("Lee", 2), ("King", 2), ("Baker", 2),
    ("Harrison", 2), ("Morgan", 2), ("Allen", 2), ("James", 2), ("Scott", 2), ("Phillips", 2),
    ("Watson", 2), ("Davis", 2), ("Parker", 2), ("Price", 2), ("Bennett", 2), ("Young", 2),
    ("Griffiths", 2), ("Mitchell", 2), ("Kelly", 2), ("Cook", 2), ("Carter", 2), ("Richardson", 2),
    ("Bailey", 2), ("Collins", 2), ("Bell", 2), ("Shaw", 2), ("Murphy", 2), ("Miller", 2),
    ("Cox", 2), ("Richards", 2), ("Khan", 2), ("Marshall", 2), ("Anderson", 2), ("Simpson", 2),
    ("Ellis", 2), ("Adams", 2), ("Singh", 2), ("Begum", 2), ("Wilkinson", 2), ("Foster", 2),
    ("Chapman", 2), ("Powell", 2), ("Webb", 2), ("Rogers", 2), ("Gray", 2), ("Mason", 2),
    ("Ali", 2), ("Hunt", 2), ("Hussain", 2), ("Campbell", 2), ("Matthews", 2), ("Owen", 2),
    ("Palmer", 2), ("Holmes", 2), ("Mills", 2), ("Barnes", 2), ("Knight", 2), ("Lloyd", 2),
    ("Butler", 2), ("Russell", 2), ("Barker", 2), ("Fisher", 2), ("Stevens", 2), ("Jenkins", 2),
    ("Murray", 2), ("Dixon", 2), ("Harvey", 2), ("Nowak", 1), ("Kowalski", 1), ("Okafor", 1),
    ("Mensah", 1), ("Ahmed", 1), ("Rahman", 1), ("O'Brien", 1), ("Zielinska", 1), ("Mohamed", 1),
)
SURNAME_NAMES = tuple(name for name, _ in SURNAMES)
SURNAME_WEIGHTS = tuple(weight for _, weight in SURNAMES)
MOTHERS = ("Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Mia", "Poppy", "Ella",
           "Jessica", "Lucy", "Chloe", "Hannah", "Zara", "Aisha", "Fatima", "Maja", "Niamh", "Ruth")
FATHERS = ("Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Thomas", "Oscar",
           "James", "William", "Daniel", "Mohammed", "Adam", "Kacper", "Liam", "Ryan", "Sean")
CHILDREN = ("Archie", "Freddie", "Leo", "Arthur", "Theo", "Alfie", "Lily", "Evie", "Florence",
            "Willow", "Rosie", "Ivy", "Daisy", "Sienna", "Elsie", "Muhammad", "Yusuf", "Zofia",
            "Maya", "Reuben", "Esme", "Finley", "Harper", "Luca")
STREETS = ("Riverside Road", "Mill Street", "Church Lane", "Station Road", "Victoria Street",
           "Queens Road", "Park Avenue", "Orchard Close", "Elm Grove", "Chapel Field", "Unthank Road",
           "Magdalen Street", "Dereham Road", "Earlham Road", "Gurney Road", "Bishop Bridge Road")
SECTORS = {
    "riverside-childrens-centre": ("NR1 1", "NR1 2"),
    "hillview-childrens-centre": ("NR3 1", "NR3 2"),
}
NOTE_TEXTS = {
    SensitiveTopic.BREASTFEEDING: ("Breastfeeding well at the 6–8 week review.", "Mixed feeding; peer support."),
    SensitiveTopic.LIFESTYLE: ("Smoking outside the home; offered stop-smoking referral.", "Moved house this year."),
    SensitiveTopic.ANTENATAL_POSTNATAL: ("Attended every postnatal check.", "Missed the 2-year review; letter sent."),
    SensitiveTopic.EMOTIONAL_HEALTH: ("Mood low; discussed with GP.", "Attends the Tuesday stay-and-play group."),
    SensitiveTopic.ASSESSMENT: ("CAF started with the family's agreement.", "CAF review meeting held."),
    SensitiveTopic.SAFEGUARDING: ("Discussed with the designated safeguarding lead.", "Home visit: no concerns."),
    SensitiveTopic.PERSONAL_DETAILS: ("Prefers to be contacted by text.", "Needs a Polish interpreter at visits."),
    SensitiveTopic.OTHER: ("Starting nursery in September.", "Interested in the baby massage course."),
}
ALL_TOPICS = sorted(SensitiveTopic.values)


# --- What one family looks like -------------------------------------------------------------


@dataclass
class Staff:
    user_id: int
    role: str
    centre_id: int | None
    agency_id: int | None

    @property
    def is_health(self) -> bool:
        return self.role in HEALTH_PROFESSIONAL_ROLES


@dataclass
class World:
    """The demo world's fixed rows the volume hangs off."""

    centres: list[Centre]
    staff: dict[int, list[Staff]]  # centre id → its staff
    agency: PartnerAgency
    agency_staff: list[Staff]
    purposes: dict[str, int]
    perm_view_family: int
    perm_change_family: int
    perm_view_person: int


@dataclass
class Tables:
    """Rows waiting for COPY, one list per table, in the order they must be written."""

    rows: dict[type[models.Model] | str, list[tuple]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class VolumeReport:
    families: int = 0
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    copy_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    generate_seconds: float = 0.0
    total_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{'table':<42} {'rows':>10} {'COPY rows/s':>12}"]
        for table, count in self.rows.items():
            seconds = self.copy_seconds[table]
            out.append(f"{table:<42} {count:>10,} {count / seconds if seconds else 0:>12,.0f}")
        total = sum(self.rows.values())
        out.append(
            f"{self.families:,} families, {total:,} rows in {self.total_seconds:.1f} s "
            f"({total / self.total_seconds if self.total_seconds else 0:,.0f} rows/s overall; "
            f"{self.generate_seconds:.1f} s of it generating rows in Python)"
        )
        return out + self.notes


def _weighted(rng: random.Random, weights: dict[int, float]) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    """A time during the working day on ``day``, in UTC."""
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=dt.UTC) + dt.timedelta(minutes=rng.randrange(0, 600))


def _world() -> World:
    centres = list(Centre.objects.filter(slug__in=CENTRE_SLUGS).order_by("slug").select_related("group"))
    if len(centres) != len(CENTRE_SLUGS):
        raise RuntimeError("The demo world is not in this database: run seed_demo first.")
    staff: dict[int, list[Staff]] = defaultdict(list)
    agency_staff: list[Staff] = []
    for m in StaffMembership.objects.order_by("user_id"):
        member = Staff(m.user_id, m.role, m.centre_id, m.agency_id)
        if m.centre_id:
            staff[m.centre_id].append(member)
        elif m.agency_id:
            agency_staff.append(member)
    agency = PartnerAgency.objects.select_related("group").get(slug=AGENCY_SLUG)
    perms = {
        p.codename: p.pk
        for p in Permission.objects.filter(
            content_type__app_label="families", codename__in=["view_family", "change_family", "view_person"]
        )
    }
    return World(
        centres=centres,
        staff=staff,
        agency=agency,
        agency_staff=[s for s in agency_staff if s.agency_id == agency.pk],
        purposes=dict(Purpose.objects.values_list("slug", "pk")),
        perm_view_family=perms["view_family"],
        perm_change_family=perms["change_family"],
        perm_view_person=perms["view_person"],
    )


class _Ids:
    """Primary keys reserved in blocks from each table's sequence, so rows can refer to each
    other before they are written (COPY returns no ids). Nothing else may insert meanwhile."""

    def __init__(self, cursor) -> None:
        self.cursor = cursor

    def reserve(self, model: type[models.Model], count: int) -> range:
        if count == 0:
            return range(0)
        table = model._meta.db_table
        self.cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = self.cursor.fetchone()
        # setval to at least the highest id present: rows written with explicit ids never
        # advance the sequence, and a later ordinary insert must not collide with them.
        self.cursor.execute(
            f"SELECT setval(%s, GREATEST(nextval(%s), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}))"
            " + %s - 1)",
            [sequence, sequence, count],
        )
        (last,) = self.cursor.fetchone()
        return range(last - count + 1, last + 1)


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


FAMILY_FIELDS = ("id", "reference", "address_line_1", "address_line_2", "town", "postcode", "version",
                 "registration_token", "created_at", "centre", "created_by")
PERSON_FIELDS = ("id", "reference", "kind", "first_name", "last_name", "date_of_birth", "due_date",
                 "created_at", "family")
CARER_LINK_FIELDS = ("carer", "child", "relationship", "parental_responsibility")
NOTE_FIELDS = ("subject", "topic", "text", "author", "created_at")
CONSENT_FIELDS = ("id", "family", "given_by", "kind", "decision", "covers_basic", "sensitive_topics",
                  "in_centre_team", "method", "given_on", "review_on", "capacity_in_doubt",
                  "capacity_assessment", *INFORMED_POINTS, "supersedes", "recorded_by", "recorded_at")
WITHDRAWAL_FIELDS = ("consent", "withdrawn_at", "reason", "recorded_by", "recorded_at")
OBJECTION_FIELDS = ("id", "family", "made_by", "made_at", "reason", "recorded_by", "recorded_at")
NOTICE_FIELDS = ("family", "given_on", "recorded_by", "recorded_at")
GUARDIAN_FIELDS = ("content_object", "group", "permission")
# The disclosure log's columns, in one place: see disclosures_write.
DISCLOSURE_FIELDS = ("at", "viewer", "viewer_role", "viewer_centre", "viewer_agency", "subject", "category",
                     "purpose", "permitted", "basis", "consent", "override", "reason", "context")

M2M_COLUMNS = {
    "consent_subjects": (Consent.subjects.through, ("consent", "person")),
    "consent_agencies": (Consent.agencies.through, ("consent", "partneragency")),
    "consent_purposes": (Consent.purposes.through, ("consent", "purpose")),
    "objection_subjects": (Objection.subjects.through, ("objection", "person")),
}


@dataclass
class _Person:
    id: int
    kind: str
    date_of_birth: dt.date | None


def _family_rows(
    *,
    out: Tables,
    world: World,
    centre: Centre,
    reference: str,
    number: int,
    seed: int,
    today: dt.date,
    now: dt.datetime,
    family_id: int,
    person_ids: Iterable[int],
    consent_ids: Iterable[int],
    objection_ids: Iterable[int],
    disclosures: int,
) -> None:
    """All rows of one family. Its shape comes from ``seed`` and its reference alone."""
    rng = random.Random(f"{seed}:{reference}")
    person_ids, consent_ids, objection_ids = iter(person_ids), iter(consent_ids), iter(objection_ids)
    staff = world.staff[centre.pk]
    health = [s for s in staff if s.is_health] or staff
    recorders = [s for s in staff if s.is_health or s.role == JobRole.CENTRE_MANAGER] or staff
    registered_by = rng.choice([s for s in health if s.role in (JobRole.HEALTH_VISITOR, JobRole.MIDWIFE)] or health)
    state, objected = STATE_CYCLE[number % len(STATE_CYCLE)]

    surname = rng.choices(SURNAME_NAMES, weights=SURNAME_WEIGHTS)[0]
    created_at = now - dt.timedelta(days=rng.randrange(30, 3 * 365), minutes=rng.randrange(0, 600))
    sector = rng.choice(SECTORS.get(centre.slug, ("NR1 1",)))
    postcode = f"{sector}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    out.rows[Family].append((
        family_id, reference, f"{rng.randrange(1, 200)} {rng.choice(STREETS)}", "", "Norwich", postcode, 1,
        None, created_at, centre.pk, registered_by.user_id,
    ))
    out.rows["guardian_family"] += [
        (family_id, centre.group_id, world.perm_view_family),
        (family_id, centre.group_id, world.perm_change_family),
    ]

    # ~1.5 carers: a mother, and half the time a father (sometimes with his own surname).
    carers: list[_Person] = []
    carer_count = _weighted(rng, {1: 0.5, 2: 0.5})
    for index in range(1, carer_count + 1):
        mother = index == 1
        born = today - dt.timedelta(days=rng.randrange(18 * 365, 45 * 365))
        last = surname if mother or rng.random() < 0.7 else rng.choices(SURNAME_NAMES, weights=SURNAME_WEIGHTS)[0]
        person = _Person(next(person_ids), PersonKind.ADULT, born)
        carers.append(person)
        out.rows[Person].append((
            person.id, f"{reference}-P{index}", PersonKind.ADULT, rng.choice(MOTHERS if mother else FATHERS),
            last, born, None, created_at, family_id,
        ))

    # ~1.8 children under 5; one family in twenty is expecting (a due date, no birth date yet).
    children: list[_Person] = []
    child_count = _weighted(rng, {1: 0.40, 2: 0.45, 3: 0.12, 4: 0.03})
    expecting = rng.random() < 0.05
    for index in range(1, child_count + 1):
        if expecting and index == child_count:
            born, due = None, today + dt.timedelta(days=rng.randrange(7, 200))
        else:
            born, due = today - dt.timedelta(days=rng.randrange(0, 5 * 365 - 1)), None
        person = _Person(next(person_ids), PersonKind.CHILD, born)
        children.append(person)
        out.rows[Person].append((
            person.id, f"{reference}-C{index}", PersonKind.CHILD, "" if born is None else rng.choice(CHILDREN),
            surname, born, due, created_at, family_id,
        ))
        for carer_index, carer in enumerate(carers):
            relationship = Relationship.MOTHER if carer_index == 0 else Relationship.FATHER
            responsibility = carer_index == 0 or rng.random() < 0.85
            out.rows[CarerLink].append((carer.id, person.id, relationship, responsibility))
    people = carers + children

    # ~3 notes a family, on anyone in it, by the centre's staff.
    for _ in range(_weighted(rng, {0: 0.05, 1: 0.12, 2: 0.20, 3: 0.28, 4: 0.18, 5: 0.10, 6: 0.07})):
        topic = rng.choice(ALL_TOPICS)
        out.rows[Note].append((
            rng.choice(people).id, topic, rng.choice(NOTE_TEXTS[SensitiveTopic(topic)]), rng.choice(staff).user_id,
            created_at + dt.timedelta(days=rng.randrange(0, max(1, (now - created_at).days))),
        ))

    # ¶15: most families were told through a privacy notice when they registered.
    if rng.random() < 0.85:
        notice_day = timezone.localtime(created_at).date()
        out.rows[PrivacyNotice].append((family_id, notice_day, registered_by.user_id, created_at))

    # Consent: the mother decides for herself and the children she holds parental responsibility for.
    mother = carers[0]
    subjects = [mother.id] + [c.id for c in children]
    purposes = world.purposes
    current_consent: int | None = None  # the consent a reveal would rest on, for the log
    covered_topics: list[str] = []

    def consent(
        *,
        kind: str = ConsentKind.EXPLICIT,
        decision: str = ConsentDecision.GIVEN,
        topics: Sequence[str] = ALL_TOPICS,
        agencies: Sequence[int] = (),
        purpose_slugs: Sequence[str] = (Purpose.HEALTHCARE, Purpose.CENTRE_SERVICES),
        given_on: dt.date,
        supersedes: int | None = None,
    ) -> int:
        consent_id = next(consent_ids)
        explicit_given = kind == ConsentKind.EXPLICIT and decision == ConsentDecision.GIVEN
        review_on = add_months(given_on, REVIEW_AFTER_MONTHS) if decision == ConsentDecision.GIVEN else None
        method = rng.choice([ConsentMethod.WRITTEN, ConsentMethod.VERBAL]) if kind == ConsentKind.EXPLICIT else ""
        out.rows[Consent].append((
            consent_id, family_id, mother.id, kind, decision, True, json.dumps(sorted(topics)), True, method,
            given_on, review_on, False, None, *([explicit_given] * len(INFORMED_POINTS)), supersedes,
            rng.choice(recorders).user_id, _moment(given_on, rng),
        ))
        out.rows["consent_subjects"] += [(consent_id, s) for s in subjects]
        out.rows["consent_agencies"] += [(consent_id, a) for a in agencies]
        out.rows["consent_purposes"] += [(consent_id, purposes[p]) for p in purpose_slugs]
        return consent_id

    def days_ago(low: int, high: int) -> dt.date:
        return today - dt.timedelta(days=rng.randrange(low, high))

    if state == GIVEN:
        covered_topics = ALL_TOPICS if rng.random() < 0.7 else sorted(rng.sample(ALL_TOPICS, 3))
        current_consent = consent(topics=covered_topics, given_on=days_ago(1, 700))
    elif state == AGENCY:
        current_consent = consent(
            topics=[], agencies=[world.agency.pk], purpose_slugs=[Purpose.CENTRE_SERVICES], given_on=days_ago(1, 700)
        )
        # agency_reach_sync: an agency named by an active consent reaches each of its subjects.
        out.rows["guardian_person"] += [(s, world.agency.group_id, world.perm_view_person) for s in subjects]
    elif state == REFUSED:
        consent(decision=ConsentDecision.REFUSED, purpose_slugs=[Purpose.CENTRE_SERVICES], given_on=days_ago(1, 700))
    elif state in (WITHDRAWN, WITHDRAWN_AGENCY):
        given_on = days_ago(30, 700)
        consent_id = consent(
            given_on=given_on, agencies=[world.agency.pk] if state == WITHDRAWN_AGENCY else ()
        )
        withdrawn_at = _moment(given_on + dt.timedelta(days=rng.randrange(1, (today - given_on).days)), rng)
        out.rows[ConsentWithdrawal].append((
            consent_id, withdrawn_at, "The family no longer wants the centre to share.",
            rng.choice(recorders).user_id, withdrawn_at,
        ))
    elif state == IMPLIED:
        consent(kind=ConsentKind.IMPLIED, given_on=days_ago(1, 700))
    elif state in (SUPERSEDED, SUPERSEDED_AGENCY):
        old_on = days_ago(200, 700)
        old = consent(
            topics=ALL_TOPICS[:3], given_on=old_on, agencies=[world.agency.pk] if state == SUPERSEDED_AGENCY else ()
        )
        covered_topics = ALL_TOPICS
        current_consent = consent(topics=covered_topics, given_on=days_ago(1, 199), supersedes=old)

    if objected:
        objection_id = next(objection_ids)
        made_at = created_at + dt.timedelta(days=rng.randrange(1, 30))
        out.rows[Objection].append((
            objection_id, family_id, mother.id, made_at, "Does not want records shared without consent.",
            rng.choice(recorders).user_id, made_at,
        ))
        out.rows["objection_subjects"] += [(objection_id, s) for s in subjects]

    # The disclosure log: who looked at this family, roughly as the policy would have answered.
    for _ in range(disclosures):
        if state == AGENCY and world.agency_staff and rng.random() < 0.2:
            viewer = rng.choice(world.agency_staff)
        else:
            viewer = rng.choice(staff)
        person = rng.choice(people)
        category = CategoryChoice.BASIC if rng.random() < 0.6 else CategoryChoice.SENSITIVE
        at = created_at + (now - created_at) * rng.random()
        purpose = Purpose.HEALTHCARE if viewer.is_health else Purpose.CENTRE_SERVICES
        consent_id = None
        if current_consent is not None and (category == CategoryChoice.BASIC or covered_topics):
            permitted, basis, consent_id = True, Basis.EXPLICIT_CONSENT, current_consent
            reason = "Explicit, informed consent covers this."
        elif viewer.is_health and category == CategoryChoice.BASIC and not objected:
            permitted, basis = True, Basis.HEALTH_DUTY_OF_CARE
            reason = "Health duty of care: basic information for delivering healthcare."
        else:
            permitted, basis = False, ""
            reason = "No consent on record covers this. Ask the family for consent."
        out.rows[Disclosure].append((
            at, viewer.user_id, viewer.role, viewer.centre_id, viewer.agency_id, person.id, category,
            purposes[purpose], permitted, basis, consent_id, None, reason,
            "page:family" if rng.random() < 0.7 else "page:start",
        ))


def _encrypted(model: type[models.Model], names: Sequence[str], rows: list[tuple]) -> list[tuple]:
    """Free text that is encrypted at rest (``config.fields``) is written encrypted, as the ORM would."""
    positions = [i for i, name in enumerate(names) if isinstance(model._meta.get_field(name), EncryptedTextField)]
    if not positions:
        return rows
    return [tuple(encrypt(v) if i in positions and v else v for i, v in enumerate(row)) for row in rows]


def _copy(cursor, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def disclosures_write(cursor, rows: list[tuple]) -> None:
    """Write disclosure rows (in ``DISCLOSURE_FIELDS`` order). The one place the volume writes the log.

    The log is hash-chained (``audit.chain``): each row gets its id and ``chain_hash`` after the
    chain's head, in order, under the chain's lock, then the whole batch goes in with one COPY.
    """
    if not rows:
        return
    attnames = [Disclosure._meta.get_field(name).attname for name in DISCLOSURE_FIELDS]
    objs = [Disclosure(purpose_asserted=False, **dict(zip(attnames, row, strict=True))) for row in rows]
    chain.link(Disclosure, objs, using=DEFAULT_DB_ALIAS)
    names = ("id", *DISCLOSURE_FIELDS, "purpose_asserted", "chain_hash")
    columns = _columns(Disclosure, names)
    _copy(cursor, Disclosure._meta.db_table, columns,
          [(o.pk, *row, o.purpose_asserted, o.chain_hash) for o, row in zip(objs, rows, strict=True)])


def _unfilled_disclosure_fields() -> list[str]:
    known = set(DISCLOSURE_FIELDS) | {"id", "purpose_asserted", "chain_hash"}
    return [f.name for f in Disclosure._meta.concrete_fields if f.name not in known]


# Tables in foreign-key order: (report name, model, fields) or a named group of rows.
def _write_order() -> list[tuple[str, type[models.Model] | str, type[models.Model], Sequence[str]]]:
    return [
        ("families_family", Family, Family, FAMILY_FIELDS),
        ("families_person", Person, Person, PERSON_FIELDS),
        ("families_carerlink", CarerLink, CarerLink, CARER_LINK_FIELDS),
        ("families_note", Note, Note, NOTE_FIELDS),
        ("consent_privacynotice", PrivacyNotice, PrivacyNotice, NOTICE_FIELDS),
        ("consent_consent", Consent, Consent, CONSENT_FIELDS),
        *[(through._meta.db_table, key, through, names) for key, (through, names) in M2M_COLUMNS.items()
          if key.startswith("consent_")],
        ("consent_consentwithdrawal", ConsentWithdrawal, ConsentWithdrawal, WITHDRAWAL_FIELDS),
        ("consent_objection", Objection, Objection, OBJECTION_FIELDS),
        (Objection.subjects.through._meta.db_table, "objection_subjects", Objection.subjects.through,
         M2M_COLUMNS["objection_subjects"][1]),
        (FamilyGroupObjectPermission._meta.db_table, "guardian_family", FamilyGroupObjectPermission,
         GUARDIAN_FIELDS),
        (PersonGroupObjectPermission._meta.db_table, "guardian_person", PersonGroupObjectPermission,
         GUARDIAN_FIELDS),
    ]


def _next_numbers(world: World) -> dict[int, tuple[str, int]]:
    """Each centre's reference stem and next number, exactly as registration would choose them."""
    numbers = {}
    for centre in world.centres:
        reference = _family_reference(centre)
        stem = reference.rstrip("0123456789")
        numbers[centre.pk] = (stem, int(reference[len(stem):]))
    return numbers


def seed_volume(
    *,
    families: int,
    disclosures: int | None = None,
    seed: int = 12,
    chunk: int = CHUNK_FAMILIES,
    progress: Callable[[str], None] | None = None,
) -> VolumeReport:
    """Add ``families`` families (half per demo centre) and ``disclosures`` log rows (default 10
    a family) on top of what is there. Each chunk of families is one transaction."""
    if connection.vendor != "postgresql":
        raise RuntimeError("seed_volume writes with PostgreSQL COPY: set DATABASE_URL to a PostgreSQL database.")
    if families < 1:
        raise ValueError("Give a number of families of at least 1.")
    disclosures = DISCLOSURES_PER_FAMILY * families if disclosures is None else disclosures
    report = VolumeReport()
    started = time.perf_counter()
    world = _world()
    today, now = timezone.localdate(), timezone.now()
    numbers = _next_numbers(world)
    unfilled = _unfilled_disclosure_fields()
    if unfilled:
        # Said before the first COPY, so that a NOT NULL failure on such a column explains itself.
        note = (
            f"Disclosure fields left to their database default or trigger: {', '.join(unfilled)} "
            "(adapt demo.volume.disclosures_write if they are computed in Python)."
        )
        report.notes.append(note)
        if progress:
            progress(note)
    per_family, extra = divmod(disclosures, families)
    done = 0
    while done < families:
        size = min(chunk, families - done)
        generate_started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            ids = _Ids(cursor)
            # Upper bounds for this chunk: at most 2 carers + 4 children, 2 consents, 1 objection.
            person_ids = iter(ids.reserve(Person, size * 6))
            consent_ids = iter(ids.reserve(Consent, size * 2))
            objection_ids = iter(ids.reserve(Objection, size))
            family_ids = iter(ids.reserve(Family, size))
            out = Tables()
            for index in range(done, done + size):
                centre = world.centres[index % len(world.centres)]
                stem, first = numbers[centre.pk]
                number = first + index // len(world.centres)
                _family_rows(
                    out=out,
                    world=world,
                    centre=centre,
                    reference=f"{stem}{number}",
                    number=number,
                    seed=seed,
                    today=today,
                    now=now,
                    family_id=next(family_ids),
                    person_ids=person_ids,
                    consent_ids=consent_ids,
                    objection_ids=objection_ids,
                    disclosures=per_family + (1 if index < extra else 0),
                )
            report.generate_seconds += time.perf_counter() - generate_started
            for name, key, model, names in _write_order():
                copy_started = time.perf_counter()
                _copy(cursor, model._meta.db_table, _columns(model, names), _encrypted(model, names, out.rows[key]))
                report.copy_seconds[name] += time.perf_counter() - copy_started
                report.rows[name] += len(out.rows[key])
            copy_started = time.perf_counter()
            disclosures_write(cursor, out.rows[Disclosure])
            report.copy_seconds[Disclosure._meta.db_table] += time.perf_counter() - copy_started
            report.rows[Disclosure._meta.db_table] += len(out.rows[Disclosure])
        done += size
        report.families = done
        if progress:
            progress(f"{done:,} of {families:,} families written ({time.perf_counter() - started:.0f} s)")
    # Fresh statistics, or the planner will guess from the empty tables it last saw.
    with connection.cursor() as cursor:
        analyze_started = time.perf_counter()
        cursor.execute("ANALYZE")
        report.notes.append(f"ANALYZE took {time.perf_counter() - analyze_started:.1f} s.")
    report.total_seconds = time.perf_counter() - started
    return report
