def test_demo_world_seeds_and_is_idempotent(demo):
    from families.models import Person
    from sharing.demo import seed_demo

    count = Person.objects.count()
    assert seed_demo() is False
    assert Person.objects.count() == count == 24
