"""The demo and training world of ``shared/DEMO.md``, built through the same services the forms use.

Names, usernames and references here are a contract (docs/demo-data.md): keep them stable.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from centres.models import Centre, JobRole
from centres.services import agency_create, centre_create
from consent import services as consent_services
from consent.models import (
    CapacityAssessmentKind,
    CapacityOutcome,
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    Purpose,
)
from demo.builders import consent_from_mother, family_of_mother_and_child, staff_user, years_ago
from families.models import Family, Person, SensitiveTopic
from families.services import family_health_visitor_assign, note_add, review_contact_record
from families.vocabulary import Breastfeeding, ContactOutcome, ContactPlace, Review
from sharing.loading import viewer_for
from sharing.models import DiscussedWith, OverrideKind
from sharing.services import override_open

DEMO_PASSWORD = "sure-start-demo"

USERS = [
    # username, first, last, role, workplace key
    ("hv.hana", "Hana", "Hussain", JobRole.HEALTH_VISITOR, "riverside"),
    ("mw.mary", "Mary", "Mensah", JobRole.MIDWIFE, "riverside"),
    ("fsw.frank", "Frank", "Fletcher", JobRole.FAMILY_SUPPORT_WORKER, "riverside"),
    ("sw.sara", "Sara", "Singh", JobRole.SOCIAL_WORKER, "riverside"),
    ("mgr.maya", "Maya", "Mills", JobRole.CENTRE_MANAGER, "riverside"),
    ("hv.hugo", "Hugo", "Harris", JobRole.HEALTH_VISITOR, "hillview"),
    ("fsw.fiona", "Fiona", "Fraser", JobRole.FAMILY_SUPPORT_WORKER, "hillview"),
    ("mgr.milo", "Milo", "Mitchell", JobRole.CENTRE_MANAGER, "hillview"),
    # Issue 9 item 6: reviews the overrides centre managers open; works for the local authority,
    # in no centre and no agency, so reaches no family.
    ("cg.cara", "Cara", "Carter", JobRole.CALDICOTT_GUARDIAN, "local authority"),
    ("ext.ella", "Ella", "Edwards", JobRole.EXTERNAL_PRACTITIONER, "housing"),
    ("ext.evan", "Evan", "Ellis", JobRole.EXTERNAL_PRACTITIONER, "jobcentre"),
]

ALL_TOPICS = list(SensitiveTopic.values)


def _months_ago(today: dt.date, months: int) -> dt.date:
    return consent_services.add_months(today, -months)


def is_seeded() -> bool:
    return Centre.objects.filter(slug="riverside-childrens-centre").exists()


@transaction.atomic
def seed_demo(today: dt.date | None = None) -> bool:
    """Build the demo world in an empty database. Returns False (and does nothing) if it exists."""
    if is_seeded():
        return False
    today = today or timezone.localdate()
    now = timezone.now()
    User = get_user_model()

    riverside = centre_create(name="Riverside Children's Centre", postcode_sectors=["NR1 1", "NR1 2"])
    hillview = centre_create(name="Hillview Children's Centre", postcode_sectors=["NR3 1", "NR3 2"])
    housing = agency_create(name="City Housing Support")
    jobcentre = agency_create(name="Jobcentre Plus Norwich")
    places = {
        "riverside": riverside, "hillview": hillview, "housing": housing, "jobcentre": jobcentre,
        "local authority": None,
    }

    users = {
        username: staff_user(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            workplace=places[where],
            first_name=first,
            last_name=last,
            email=f"{username}@demo.invalid",
        )
        for username, first, last, role, where in USERS
    }
    User.objects.create_superuser(username="admin", password=DEMO_PASSWORD, email="admin@demo.invalid")

    hana, hugo = users["hv.hana"], users["hv.hugo"]

    def family(
        surname,
        mother,
        child,
        child_dob,
        *,
        centre=riverside,
        by=hana,
        street="1 River Lane",
        postcode="NR1 1AA",
        mother_dob=None,
    ) -> tuple[Family, Person, Person]:
        fam = family_of_mother_and_child(
            reference=surname[:3].upper(),
            registered_by=by,
            centre=centre,
            surname=surname,
            mother=mother,
            mother_dob=mother_dob or years_ago(today, 29, 40),
            child=child,
            child_dob=child_dob,
            address_line_1=street,
            postcode=postcode,
            today=today,
        )
        consent_services.privacy_notice_record(family=fam, given_on=child_dob, recorded_by=by)
        # Issue 13: Hana is the named health visitor of Riverside's families, Hugo of Hillview's;
        # each family was registered when its baby was born (the schedule's "late registration"
        # counts from then), so the reviews since are ours to chase.
        fam = family_health_visitor_assign(family=fam, health_visitor=hana if centre == riverside else hugo)
        Person.objects.filter(family=fam).update(
            created_at=timezone.make_aware(dt.datetime.combine(child_dob, dt.time(10)))
        )
        return fam, fam.people.get(reference=f"{fam.reference}-P1"), fam.people.get(reference=f"{fam.reference}-C1")

    def consent(fam, *, topics=ALL_TOPICS, purposes_=(Purpose.HEALTHCARE, Purpose.CENTRE_SERVICES), by=hana, **kwargs):
        # Unless said otherwise: explicit, written, informed consent from the mother for herself and the child.
        kwargs.setdefault("given_on", today - dt.timedelta(days=30))
        return consent_from_mother(fam, recorded_by=by, topics=topics, purposes=purposes_, **kwargs)

    def note(person, topic, text, author=hana):
        note_add(subject=person, author=author, topic=topic, text=text)

    def contact(child, review, days_after_birth, place, outcome=ContactOutcome.COMPLETED, by=hana, **kwargs):
        # Issue 13: a Healthy Child Programme contact, dated from the child's birth.
        review_contact_record(
            subject=child, recorded_by=by, review=review, place=place, outcome=outcome,
            contact_date=child.date_of_birth + dt.timedelta(days=days_after_birth), today=today, **kwargs,
        )

    # Adams: explicit, informed, written consent for everything, in-centre team.
    fam, mother, child = family(
        "Adams", "Alice", "Archie", years_ago(today, 1, 10), street="12 Riverside Road", postcode="NR1 1AB"
    )
    consent(fam)
    note(child, SensitiveTopic.BREASTFEEDING, "Breastfeeding well at 6–8 week review; feeding every 3 hours.")
    note(mother, SensitiveTopic.EMOTIONAL_HEALTH, "Mood good; attends the Tuesday stay-and-play group.")
    # Reviews done: the new birth visit, the 6-8 week and the 9-12 month reviews (issue 13).
    contact(child, Review.NEW_BIRTH, 12, ContactPlace.HOME, present="Alice (mother) and Archie",
            breastfeeding=Breastfeeding.TOTALLY)
    contact(child, Review.SIX_TO_EIGHT_WEEKS, 45, ContactPlace.CLINIC, present="Alice (mother) and Archie",
            breastfeeding=Breastfeeding.TOTALLY, note="Weight on the 50th centile; feeding well.")
    contact(child, Review.ONE_YEAR, 300, ContactPlace.CENTRE, present="Alice (mother) and Archie")

    # Brown: no consent recorded.
    fam, mother, child = family(
        "Brown", "Beth", "Billy", years_ago(today, 2, 20), street="3 Mill Street", postcode="NR1 2BD"
    )
    note(child, SensitiveTopic.ANTENATAL_POSTNATAL, "Missed the 2-year developmental review; letter sent.")

    # Clark: no consent; the mother objected to health sharing (¶15).
    fam, mother, child = family(
        "Clark", "Chloe", "Charlie", years_ago(today, 3, 5), street="8 Cathedral Close", postcode="NR1 1CD"
    )
    consent_services.objection_record(
        family=fam,
        made_by=mother,
        subjects=[mother, child],
        recorded_by=hana,
        made_at=now - dt.timedelta(days=60),
        reason="Does not want records shared with the centre.",
    )
    note(child, SensitiveTopic.LIFESTYLE, "Family moved house twice this year.")

    # Davies: the child is 4 years and 1 month — past the health duty of care.
    fam, mother, child = family(
        "Davies", "Dana", "Dylan", _months_ago(today, 49), street="21 Dove Street", postcode="NR1 2DE"
    )
    note(child, SensitiveTopic.OTHER, "Starting school in September.")

    # Evans: basic only, in-centre team and City Housing Support, for centre services.
    fam, mother, child = family(
        "Evans", "Erin", "Ethan", years_ago(today, 1, 30), street="5 Elm Hill", postcode="NR1 1EF"
    )
    consent(fam, topics=[], agencies=[housing], purposes_=[Purpose.CENTRE_SERVICES])
    note(mother, SensitiveTopic.LIFESTYLE, "Rent arrears; referred to debt advice.")

    # Fisher: consent given a year ago, withdrawn ten days ago.
    fam, mother, child = family(
        "Fisher", "Fay", "Finn", years_ago(today, 2, 15), street="9 Fishergate", postcode="NR1 2FG"
    )
    fisher = consent(fam, purposes_=[Purpose.CENTRE_SERVICES], given_on=years_ago(today, 1))
    consent_services.consent_withdraw(
        consent=fisher,
        recorded_by=hana,
        withdrawn_at=now - dt.timedelta(days=10),
        reason="Mother no longer wants the centre to hold her information.",
    )
    note(child, SensitiveTopic.BREASTFEEDING, "Stopped breastfeeding at 4 weeks.")

    # Green: explicit consent refused.
    fam, mother, child = family(
        "Green", "Gemma", "Grace", years_ago(today, 1, 45), street="14 Green Lane", postcode="NR1 1GH"
    )
    consent(
        fam,
        decision=ConsentDecision.REFUSED,
        purposes_=[Purpose.CENTRE_SERVICES],
        method=ConsentMethod.VERBAL,
        informed={},
        given_on=today - dt.timedelta(days=20),
    )
    note(child, SensitiveTopic.EMOTIONAL_HEALTH, "Mother reports feeling isolated.")

    # Hughes: implied consent only.
    fam, mother, child = family(
        "Hughes", "Holly", "Harry", years_ago(today, 2, 50), street="2 Hall Road", postcode="NR1 2HJ"
    )
    consent(fam, kind=ConsentKind.IMPLIED, method="", informed={}, given_on=today - dt.timedelta(days=40))
    note(child, SensitiveTopic.ANTENATAL_POSTNATAL, "Attended all postnatal checks.")

    # Irwin: consent for monitoring and evaluation only (and overdue for review).
    fam, mother, child = family(
        "Irwin", "Isla", "Ivy", years_ago(today, 1, 5), street="7 Ivory Road", postcode="NR1 1IJ"
    )
    consent(
        fam,
        purposes_=[Purpose.MONITORING_EVALUATION],
        given_on=_months_ago(today, 11),
        review_on=today - dt.timedelta(days=3),
    )
    note(child, SensitiveTopic.BREASTFEEDING, "Mixed feeding at 6–8 weeks.")

    # Jones: a 15-year-old mother, Fraser/Gillick competent, consents.
    fam, mother, child = family(
        "Jones",
        "Jade",
        "Jack",
        _months_ago(today, 3),
        street="30 Jewson Road",
        postcode="NR1 2JK",
        mother_dob=years_ago(today, 15, 60),
    )
    assessment = consent_services.capacity_assessment_record(
        person=mother,
        kind=CapacityAssessmentKind.FRASER_GILLICK,
        assessed_by="Hana Hussain, health visitor",
        assessed_on=today - dt.timedelta(days=21),
        outcome=CapacityOutcome.HAS_CAPACITY,
        recorded_by=hana,
        note="Understands what will be shared, with whom and why, and the implications.",
    )
    consent(fam, capacity_assessment=assessment, given_on=today - dt.timedelta(days=21))
    note(mother, SensitiveTopic.EMOTIONAL_HEALTH, "Supported by the teenage parents group; mood improving.")
    note(child, SensitiveTopic.BREASTFEEDING, "Bottle fed; gaining weight along the 50th centile.")
    # Issue 13: the new birth visit was done; the 6-8 week review was not attended and is overdue.
    contact(child, Review.NEW_BIRTH, 11, ContactPlace.HOME, present="Jade (mother), her mother and Jack",
            breastfeeding=Breastfeeding.NOT)
    contact(child, Review.SIX_TO_EIGHT_WEEKS, 50, ContactPlace.CLINIC, outcome=ContactOutcome.NOT_ATTENDED,
            note="Did not come to clinic; letter sent with a new appointment.")

    # Lewis (Hillview): explicit consent to Hillview's in-centre team.
    fam, mother, child = family(
        "Lewis",
        "Lily",
        "Leo",
        years_ago(today, 1, 25),
        centre=hillview,
        by=hugo,
        street="4 Hill Top",
        postcode="NR3 1LM",
    )
    consent(fam, by=hugo)
    note(child, SensitiveTopic.BREASTFEEDING, "Breastfeeding at 6–8 weeks.", author=hugo)
    contact(child, Review.NEW_BIRTH, 12, ContactPlace.HOME, by=hugo, breastfeeding=Breastfeeding.TOTALLY)
    contact(child, Review.SIX_TO_EIGHT_WEEKS, 44, ContactPlace.CLINIC, by=hugo, breastfeeding=Breastfeeding.PARTIALLY)

    # Morris: no consent; fsw.frank holds a public-interest override on the child, awaiting review.
    fam, mother, child = family(
        "Morris", "Molly", "Max", years_ago(today, 2, 35), street="11 Magdalen Street", postcode="NR1 2MN"
    )
    note(child, SensitiveTopic.SAFEGUARDING, "Bruising noticed at stay-and-play; discussed with the safeguarding lead.")
    override_open(
        viewer=viewer_for(users["fsw.frank"]),
        subject=child,
        kind=OverrideKind.PUBLIC_INTEREST,
        categories=["basic", "sensitive"],
        justification="Unexplained bruising seen at stay-and-play; I need the record to judge the risk to MOR-C1.",
        discussed_with=DiscussedWith.LINE_MANAGER,
        discussed_with_name="Maya Mills, centre manager",
        hours=24,
    )

    # Khan (issue 13): a baby 11 days old, so the new birth visit is due; the antenatal contact was
    # done. Consent for healthcare only (so centre staff, acting for centre services, see nothing).
    fam, mother, child = family(
        "Khan", "Kira", "Kai", today - dt.timedelta(days=11), street="6 Kett's Hill", postcode="NR1 1KH"
    )
    consent(fam, purposes_=[Purpose.HEALTHCARE], given_on=today - dt.timedelta(days=5))
    note(child, SensitiveTopic.ANTENATAL_POSTNATAL, "Attended every antenatal appointment.")
    contact(child, Review.ANTENATAL, -40, ContactPlace.HOME, present="Kira (mother) and her partner")
    return True


def sign_in_text() -> str:
    lines = [f"Demo sign-ins (password for all: {DEMO_PASSWORD}):"]
    for username, first, last, role, where in USERS:
        lines.append(f"  {username:<10} {first} {last}, {role.label} ({where})")
    lines.append("  admin      system administrator (no practitioner role; sees no person data)")
    return "\n".join(lines)
