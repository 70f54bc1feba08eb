"""Properties: never a reveal without a recorded basis; nothing revealed when every basis is absent."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centres.models import JobRole
from families.models import Person
from sharing import gate
from sharing.models import Basis, Disclosure
from sharing.policy import DUTY_OF_CARE_AGE_LIMIT, ConsentFacts, OverrideFacts, SubjectFacts, Viewer, age_on, decide
from sharing.vocabulary import SENSITIVE_TOPICS, Category

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
PURPOSES = ["healthcare", "centre-services", "monitoring-evaluation"]

viewers = st.builds(
    lambda role, agency, uid: Viewer(uid, "v", role, centre_id=None if agency else 1, agency_id=5 if agency else None),
    role=st.sampled_from(list(JobRole) + [None]),
    agency=st.booleans(),
    uid=st.integers(1, 3),
)
moments = st.integers(-400, 400).map(lambda d: NOW + dt.timedelta(hours=d))
consents = st.builds(
    ConsentFacts,
    id=st.integers(1, 1000),
    kind=st.sampled_from(["explicit", "implied"]),
    decision=st.sampled_from(["given", "refused"]),
    given_by_reference=st.just("X-P1"),
    given_by_relationship=st.just("mother"),
    given_by_age_at_consent=st.one_of(st.none(), st.integers(12, 50)),
    given_on=st.integers(-400, 5).map(lambda d: NOW.date() + dt.timedelta(days=d)),
    review_on=st.one_of(st.none(), st.integers(-50, 400).map(lambda d: NOW.date() + dt.timedelta(days=d))),
    covers_basic=st.booleans(),
    sensitive_topics=st.frozensets(st.sampled_from(SENSITIVE_TOPICS)),
    in_centre_team=st.booleans(),
    agency_ids=st.frozensets(st.sampled_from([5, 6])),

    purposes=st.frozensets(st.sampled_from(PURPOSES)),
    informed=st.booleans(),
    capacity_in_doubt=st.booleans(),
    capacity_confirmed=st.booleans(),
    superseded=st.booleans(),
    withdrawn_at=st.one_of(st.none(), moments),
    recorded_at=moments,
)
overrides = st.builds(
    OverrideFacts,
    id=st.integers(1, 1000),
    kind=st.sampled_from(["public_interest", "medical_purpose"]),
    opened_by_id=st.integers(1, 3),
    categories=st.frozensets(st.sampled_from(["basic", "sensitive"]), min_size=1),
    opened_at=moments,
    expires_at=moments,
)
# Ids are primary keys: no two consents (or overrides) of a subject share one.
subjects = st.builds(
    SubjectFacts,
    person_id=st.just(1),
    reference=st.just("X-C1"),
    is_child=st.booleans(),
    date_of_birth=st.one_of(st.none(), st.integers(0, 3000).map(lambda d: NOW.date() - dt.timedelta(days=d))),
    reachable=st.booleans(),
    consents=st.lists(consents, max_size=3, unique_by=lambda c: c.id).map(tuple),
    objected_at=st.one_of(st.none(), moments),
    cared_for_birth_dates=st.lists(
        st.integers(0, 3000).map(lambda d: NOW.date() - dt.timedelta(days=d)), max_size=2
    ).map(tuple),
    privacy_notice_given_on=st.none(),
    overrides=st.lists(overrides, max_size=2, unique_by=lambda o: o.id).map(tuple),
)


@settings(max_examples=600, deadline=None)
@given(
    viewer=viewers,
    subject=subjects,
    category=st.sampled_from(list(Category)),
    purpose=st.sampled_from(PURPOSES + [None]),
)
def test_every_permit_rests_on_a_fact_that_supports_it(viewer, subject, category, purpose):
    decision = decide(viewer, subject, category, purpose, NOW)
    assert decision.reason
    if not decision.permitted:
        assert decision.basis is None
        return
    assert viewer.role is not None and subject.reachable
    if decision.basis is Basis.EXPLICIT_CONSENT:
        consent = next(c for c in subject.consents if c.id == decision.consent_id)
        assert consent.kind == "explicit" and consent.decision == "given" and not consent.superseded
        assert consent.informed and decision.purpose in consent.purposes
        assert consent.withdrawn_at is None or consent.withdrawn_at > NOW
        assert consent.covers_basic if category is Category.BASIC else decision.topics <= consent.sensitive_topics
        assert (viewer.agency_id in consent.agency_ids) if viewer.is_external else consent.in_centre_team
    elif decision.basis is Basis.HEALTH_DUTY_OF_CARE:
        assert category is Category.BASIC and viewer.is_health_professional and decision.purpose == "healthcare"
        assert subject.objected_at is None or subject.objected_at > NOW
        ages = (
            [age_on(subject.date_of_birth, NOW.date())]
            if subject.is_child
            else [age_on(d, NOW.date()) for d in subject.cared_for_birth_dates]
        )
        assert any(a is None or a < DUTY_OF_CARE_AGE_LIMIT for a in ages)
    else:
        override = next(o for o in subject.overrides if o.id == decision.override_id)
        assert override.opened_by_id == viewer.user_id and override.opened_at <= NOW < override.expires_at
        assert category.value in override.categories
        if decision.basis is Basis.MEDICAL_PURPOSE:
            assert viewer.is_health_professional and override.kind == "medical_purpose"
        else:
            assert override.kind == "public_interest"


@settings(max_examples=300, deadline=None)
@given(viewer=viewers, subject=subjects, category=st.sampled_from(list(Category)), purpose=st.sampled_from(PURPOSES))
def test_nothing_is_revealed_when_every_basis_is_absent(viewer, subject, category, purpose):
    # Remove every basis: no consent, no override, and a child past the duty of care (or objected).
    bare = SubjectFacts(
        person_id=1,
        reference="X-C1",
        is_child=True,
        date_of_birth=NOW.date() - dt.timedelta(days=365 * 5),
        reachable=subject.reachable,
        objected_at=subject.objected_at,
    )
    assert not decide(viewer, bare, category, purpose, NOW).permitted


counter = itertools.count()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    username=st.sampled_from(
        [
            "hv.hana",
            "mw.mary",
            "fsw.frank",
            "sw.sara",
            "mgr.maya",
            "hv.hugo",
            "fsw.fiona",
            "mgr.milo",
            "cg.cara",
            "ext.ella",
            "ext.evan",
            "admin",
        ]
    ),
    indexes=st.sets(st.integers(0, 23), min_size=1, max_size=8),
)
def test_every_reveal_on_the_demo_world_is_recorded(demo, user, username, indexes):
    viewer = user(username)
    people = list(Person.objects.select_related("family").order_by("reference"))
    chosen = [people[i] for i in sorted(indexes)]
    context = f"property:{next(counter)}"
    views = gate.disclose_people(viewer, chosen, context=context)
    rows = {(r.subject_id, r.category): r for r in Disclosure.objects.filter(context=context)}
    for view in views:
        for category, revealed, decision in (
            ("basic", view.basic is not None, view.basic_decision),
            ("sensitive", view.notes is not None, view.sensitive_decision),
        ):
            row = rows[(view.id, category)]
            assert revealed == decision.permitted == row.permitted
            if revealed:
                assert row.basis and (row.consent_id or row.override_id or row.basis == Basis.HEALTH_DUTY_OF_CARE)
