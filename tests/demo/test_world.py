def test_demo_world_seeds_and_is_idempotent(demo):
    from demo.world import seed_demo
    from families.models import Person

    count = Person.objects.count()
    assert seed_demo() is False
    assert Person.objects.count() == count == 28  # 24, the O'Neil and the Khan families (issue 13)


def test_demo_reviews_show_each_state(demo):
    """Issue 13: the demo world shows a review done, one due and one overdue, on named caseloads."""
    from django.utils import timezone

    from families.models import Family, Person
    from families.schedule import ContactFact, ReviewStatus, review_schedule

    def statuses(reference):
        child = Person.objects.get(reference=reference)
        contacts = [ContactFact(c.review, c.contact_date, c.outcome) for c in child.review_contacts.all()]
        return {
            item.review.value: item.status
            for item in review_schedule(
                date_of_birth=child.date_of_birth, due_date=child.due_date, contacts=contacts,
                today=timezone.localdate(), registered_on=timezone.localdate(child.created_at),
            )
        }

    assert statuses("JON-C1")["6_8_weeks"] == ReviewStatus.OVERDUE
    assert statuses("JON-C1")["new_birth"] == ReviewStatus.DONE
    assert statuses("KHA-C1")["new_birth"] == ReviewStatus.DUE
    assert statuses("KHA-C1")["antenatal"] == ReviewStatus.DONE
    assert statuses("ADA-C1")["9_12_months"] == ReviewStatus.DONE
    named = dict(Family.objects.values_list("reference", "named_health_visitor__username"))
    assert named["LEW"] == "hv.hugo"
    assert {ref for ref, hv in named.items() if hv == "hv.hana"} == set(named) - {"LEW"}
