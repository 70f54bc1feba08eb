def test_demo_world_seeds_and_is_idempotent(demo):
    from demo.world import seed_demo
    from families.models import Person

    count = Person.objects.count()
    assert seed_demo() is False
    assert Person.objects.count() == count == 26
