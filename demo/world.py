"""The demo and training world of ``shared/DEMO.md``, built through the same services the forms use.

Names, usernames and references here are a contract (docs/demo-data.md): keep them stable.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from centres.models import Centre, JobRole
from centres.services import agency_create, centre_create, centre_notification_contact_set, service_create
from consent import services as consent_services
from consent.models import (
    CapacityAssessmentKind,
    CapacityOutcome,
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    Purpose,
)
from consent.vocabulary import INFORMED_POINTS
from demo.builders import consent_from_mother, family_of_mother_and_child, staff_user, years_ago
from families.models import Family, Person, SensitiveTopic
from families.services import (
    PersonDetailsInput,
    family_health_visitor_assign,
    note_add,
    person_details_record,
    review_contact_record,
)
from families.together.services import involvement_add, lead_professional_set
from families.vocabulary import Breastfeeding, ContactOutcome, ContactPlace, Review
from intake.services import ExpectantParent, notification_send
from intake.vocabulary import SignedBy
from sharing import together
from sharing.loading import viewer_for
from sharing.models import DiscussedWith, OverrideKind
from sharing.referrals import Ask, referral_send
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

    riverside = centre_create(
        name="Riverside Children's Centre", postcode_sectors=["NR1 1", "NR1 2"],
        address="1 Riverside Walk, Norwich NR1 1AA", phone="01603 496000", email="riverside@example.org",
    )
    hillview = centre_create(
        name="Hillview Children's Centre", postcode_sectors=["NR3 1", "NR3 2"],
        address="20 Hill Road, Norwich NR3 1AA", phone="01603 496100", email="hillview@example.org",
    )
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
    adams = (fam, mother, child)
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
    evans_child = child
    consent(fam, topics=[], agencies=[housing], purposes_=[Purpose.CENTRE_SERVICES])
    note(mother, SensitiveTopic.LIFESTYLE, "Rent arrears; referred to debt advice.")
    # Issue 15: fsw.frank refers EVA-P1 to City Housing Support, asking to send her basic details and
    # the lifestyle note; her consent names the agency for basic information only, so the pack
    # carries basic information only and the lifestyle topic is left out, with the reason.
    referral_send(
        users["fsw.frank"],
        Person.objects.select_related("family__centre").get(pk=mother.pk),
        Ask(housing, Purpose.CENTRE_SERVICES, True, (SensitiveTopic.LIFESTYLE.value,)),
        why="Rent arrears: please contact Erin about housing support and a payment plan.",
    )

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

    # Issue 14: each centre's named contact for early notifications (leaflet, maternity section),
    # and two notifications from the midwife waiting for Riverside's: one with informed consent
    # (to accept), one whose checklist was not completed (accepting it is refused, step 5).
    centre_notification_contact_set(centre=riverside, user=users["mgr.maya"])
    centre_notification_contact_set(centre=hillview, user=users["mgr.milo"])
    every_point = dict.fromkeys(INFORMED_POINTS, True)
    notification_send(
        sent_by=users["mw.mary"], centre=riverside, parent=ExpectantParent("Nadia", "Nash", years_ago(today, 27, 40)),
        due_date=consent_services.add_months(today, 4), address_line_1="8 Riverside Road", town="Norwich",
        postcode="NR1 1NN", consent_given=True, consent_given_on=today, signed_by=SignedBy.PARENT,
        informed=every_point, today=today,
    )
    notification_send(
        sent_by=users["mw.mary"], centre=riverside, parent=ExpectantParent("Olivia", "Owen", years_ago(today, 31, 90)),
        due_date=consent_services.add_months(today, 6), address_line_1="3 Ber Street", town="Norwich",
        postcode="NR1 2OW", consent_given=True, consent_given_on=today, signed_by=SignedBy.NOT_SIGNED,
        informed={**every_point, "explained_subject_access": False}, today=today,
    )
    _working_together(today, users, adams, evans_child)
    _protocols(users, today)
    _issue_13_people(today=today, riverside=riverside, hana=hana, consent=consent, note=note)
    # Khan (issue 13): a baby 11 days old, so the new birth visit is due; the antenatal contact was
    # done. Consent for healthcare only (so centre staff, acting for centre services, see nothing).
    fam, mother, child = family(
        "Khan", "Kira", "Kai", today - dt.timedelta(days=11), street="6 Kett's Hill", postcode="NR1 1KH"
    )
    consent(fam, purposes_=[Purpose.HEALTHCARE], given_on=today - dt.timedelta(days=5))
    note(child, SensitiveTopic.ANTENATAL_POSTNATAL, "Attended every antenatal appointment.")
    contact(child, Review.ANTENATAL, -40, ContactPlace.HOME, present="Kira (mother) and her partner")
    return True


def _protocols(users: dict, today: dt.date) -> None:
    """The information sharing protocol register (issue 14, ¶23): one for figures at each centre,
    and at Riverside one covering individuals that is past its review date (flagged)."""
    from sharing.services import protocol_save
    from sharing.vocabulary import LegalBasis, ProtocolData, ProtocolStatus

    for manager, partner, data, categories, purpose, start, review in (
        ("mgr.maya", "Norfolk Public Health", ProtocolData.FIGURES,
         "Counts and rates by postcode sector: children under 5, breastfeeding, reviews on time",
         "Planning health services for under-fives", _months_ago(today, 14), consent_services.add_months(today, 10)),
        ("mgr.maya", "City Housing Support", ProtocolData.INDIVIDUAL,
         "Names and addresses of families who consent to a housing referral",
         "Housing support for families referred with their consent", _months_ago(today, 26), _months_ago(today, 2)),
        ("mgr.milo", "NHS Norfolk and Waveney ICB", ProtocolData.FIGURES,
         "Counts and rates by postcode sector: children under 5, breastfeeding, reviews on time",
         "Planning health services for under-fives", _months_ago(today, 14), consent_services.add_months(today, 10)),
    ):
        protocol_save(
            viewer=viewer_for(users[manager]), recorded_by=users[manager], partner=partner, data_shared=data,
            categories=categories, purpose=purpose, legal_basis=LegalBasis.PUBLIC_TASK, start_date=start,
            review_date=review, status=ProtocolStatus.ACTIVE, document_link="",
        )


def _working_together(today: dt.date, users: dict, adams: tuple, evans_child: Person) -> None:
    """Issue 15 (docs/demo-data.md "Working together"): services, the Adams family's assessment, team
    meeting and lead professional (fsw.frank), and a children's social care involvement for Evans that
    fsw.frank sees only in outline (Evans consented to basic information only)."""
    frank, hana, sara, maya = users["fsw.frank"], users["hv.hana"], users["sw.sara"], users["mgr.maya"]
    social_care = service_create(
        name="Children's social care", organisation="Norfolk County Council",
        sensitive_topic=SensitiveTopic.SAFEGUARDING,
    )
    service_create(
        name="Child and adolescent mental health services", organisation="NHS",
        sensitive_topic=SensitiveTopic.EMOTIONAL_HEALTH,
    )
    service_create(name="Sexual health service", organisation="NHS", sensitive_topic=SensitiveTopic.OTHER)
    service_create(
        name="Substance misuse service", organisation="Change Grow Live", sensitive_topic=SensitiveTopic.LIFESTYLE
    )
    speech = service_create(name="Speech and language therapy", organisation="NHS")

    fam, mother, child = adams
    lead_professional_set(family=fam, set_by=maya, practitioner=frank)
    involvement_add(
        subject=child, recorded_by=hana, practitioner=hana, role="Health visitor", since=child.date_of_birth
    )
    involvement_add(
        subject=child, recorded_by=frank, service=speech, name="Priya Patel", role="Speech and language therapist",
        organisation="NHS Norfolk", contact="01603 111 222", since=today - dt.timedelta(days=40),
    )
    together.assessment_start(
        frank, child,
        development_strengths="Walking; babbles and points to ask for things.",
        development_needs="Few words yet; speech and language therapy referral made.",
        development_views="Alice would like help with Archie's talking.",
        parenting_strengths="Warm, responsive care; routines in place.",
        parenting_needs="Alice feels tired and would like a break now and then.",
        parenting_views="Alice says she copes but would welcome support.",
        environment_strengths="Settled home; grandmother nearby.",
        environment_needs="Damp in the back bedroom.",
        environment_views="Alice wants the landlord to fix the damp.",
        summary="Archie is developing well overall; speech is behind and his mother would welcome support.",
        agreed_actions="Stay-and-play twice a week; speech and language therapy; letter to the landlord.",
    )
    together.meeting_hold(
        frank, fam, child,
        held_on=today - dt.timedelta(days=7),
        practitioners=[frank, hana, sara],
        family_present=[mother],
        others_present="Priya Patel, speech and language therapist",
        agreed="Support Archie's speech at home and at stay-and-play; chase the damp with the landlord.",
        actions=[
            (hana, "Arrange Archie's 2-year developmental review", today + dt.timedelta(days=14)),
            (sara, "Write to the landlord about the damp", today - dt.timedelta(days=2)),
        ],
    )
    involvement_add(
        subject=evans_child, recorded_by=sara, service=social_care, name="Sam Shaw", role="Social worker",
        organisation="Norfolk County Council children's services", contact="01603 000 111",
        since=today - dt.timedelta(days=60),
    )


def _issue_13_people(*, today: dt.date, riverside: Centre, hana, consent, note) -> None:
    """Issue 13: other personal details on some people, and a family whose names test search."""
    adams = Family.objects.get(reference="ADA")
    # Adams consent covers every sensitive topic: their details are open to the in-centre team.
    person_details_record(person=adams.people.get(reference="ADA-P1"), details=PersonDetailsInput(
        nhs_number="9434765919", sex="female", ethnicity="white_british", preferred_language="English",
        interpreter_needed=False, phone="07700900123", gp_practice="Riverside Medical Practice",
    ))
    person_details_record(person=adams.people.get(reference="ADA-C1"), details=PersonDetailsInput(
        nhs_number="9434765870", sex="male", ethnicity="white_british", gp_practice="Riverside Medical Practice",
    ))
    # Brown: details recorded, but only the health duty of care (basic information) reaches them.
    person_details_record(person=Person.objects.get(reference="BRO-P1"), details=PersonDetailsInput(
        nhs_number="4010232137", sex="female", ethnicity="white_other", preferred_language="Polish",
        interpreter_needed=True, gp_practice="Mill Street Surgery",
    ))

    # O'Neil: accents and a curly apostrophe in the names (search ignores both). Two consents from
    # the mother: for healthcare, everything; for centre services, every sensitive topic except
    # other personal details — so the family support worker sees her notes but not her NHS number.
    fam = family_of_mother_and_child(
        reference="ONE", registered_by=hana, centre=riverside, surname="O’Neil", mother="Siobhán",
        mother_dob=years_ago(today, 27, 80), child="Niamh", child_dob=years_ago(today, 1, 70),
        address_line_1="6 Tombland", postcode="NR1 1QR", today=today,
    )
    family_health_visitor_assign(family=fam, health_visitor=hana)  # on hana's caseload, like Riverside's others
    consent_services.privacy_notice_record(family=fam, given_on=today - dt.timedelta(days=60), recorded_by=hana)
    consent(fam, purposes_=[Purpose.HEALTHCARE])
    consent(fam, topics=[t for t in ALL_TOPICS if t != SensitiveTopic.PERSONAL_DETAILS],
            purposes_=[Purpose.CENTRE_SERVICES])
    mother = fam.people.get(reference="ONE-P1")
    person_details_record(person=mother, details=PersonDetailsInput(
        nhs_number="4505577104", sex="female", ethnicity="white_irish", preferred_language="Irish",
        interpreter_needed=False, phone="01603123456", gp_practice="Tombland Surgery",
    ))
    note(mother, SensitiveTopic.EMOTIONAL_HEALTH, "Settling in after moving from Cork; joined the baby group.")


def sign_in_text() -> str:
    lines = [f"Demo sign-ins (password for all: {DEMO_PASSWORD}):"]
    for username, first, last, role, where in USERS:
        lines.append(f"  {username:<10} {first} {last}, {role.label} ({where})")
    lines.append("  admin      system administrator (no practitioner role; sees no person data)")
    return "\n".join(lines)
