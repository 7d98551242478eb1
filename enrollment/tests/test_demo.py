"""seed_demo: deterministic, valid IDs of the county, a realistic age pyramid, ~60% of the eligible enrolled."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from enrollment.demo import TODAY
from enrollment.models import Enrollment, Resident
from pension import idnumber
from pension.models import Post, User


@pytest.fixture(autouse=True)
def residents_seeder_only(settings):
    # These tests are about the residents seeder; the other apps' seeders have tests of their own.
    settings.DEMO_SEEDERS = ["enrollment.demo.seed_residents"]


def _residents():
    return list(Resident.objects.order_by("id_number").values_list("id_number", "name", "village__code",
                                                                  "enrolment_status"))


def _wipe():
    Enrollment.objects.all().delete()
    Resident.objects.all().delete()


@pytest.mark.db_owner("tests the demo seeder, which moves sequences (setval): the owner's like migrate")
def test_same_seed_gives_the_same_residents_and_another_seed_others(db, capsys):
    call_command("seed_demo", residents=400, seed=11)
    first = _residents()
    _wipe()
    call_command("seed_demo", residents=400, seed=11)
    assert _residents() == first
    _wipe()
    call_command("seed_demo", residents=400, seed=12)
    assert _residents() != first
    assert "demo-pass-2026" in capsys.readouterr().out


@pytest.mark.db_owner("tests the demo seeder, which moves sequences (setval): the owner's like migrate")
def test_demo_residents_are_valid_realistic_and_about_sixty_percent_of_the_eligible_enrolled(db):
    call_command("seed_demo", residents=3000, seed=2026)
    residents = list(Resident.objects.all())
    assert len(residents) == 3000
    eligible = enrolled = 0
    for r in residents:
        info = idnumber.parse(r.id_number, today=TODAY)
        assert (info.birth_date, info.gender) == (r.birth_date, r.gender)
        assert r.village.parent_id == r.township_id
        assert r.natural_village is None or r.natural_village.parent_id == r.village_id
        assert r.name_search and len(r.name) in (2, 3, 4)
        age = TODAY.year - r.birth_date.year - ((TODAY.month, TODAY.day) < (r.birth_date.month, r.birth_date.day))
        if age >= 16:
            eligible += 1
            enrolled += r.enrolment_status == "active"
        else:
            assert r.enrolment_status == "not_enrolled"
    assert 0.55 <= enrolled / eligible <= 0.65
    assert sum(r.id_number.startswith("140431") for r in residents) / len(residents) > 0.85
    over_60 = sum(r.birth_date <= datetime.date(1966, 11, 26) for r in residents) / len(residents)
    assert 0.2 <= over_60 <= 0.35  # rural counties are old: the young work away and keep their hukou
    for e in Enrollment.objects.select_related("resident"):
        sixteenth = e.resident.birth_date.replace(year=e.resident.birth_date.year + 16) \
            if (e.resident.birth_date.month, e.resident.birth_date.day) != (2, 29) \
            else e.resident.birth_date.replace(year=e.resident.birth_date.year + 16, day=28)
        assert sixteenth <= e.enrolled_on <= TODAY and e.first_month == e.enrolled_on.replace(day=1)


@pytest.mark.db_owner("tests the demo seeder, which moves sequences (setval): the owner's like migrate")
def test_seed_demo_makes_one_account_per_post_and_clerks_of_two_townships(db):
    call_command("seed_demo", residents=10)
    posts = set(User.objects.values_list("post", flat=True))
    assert posts == set(Post.values)
    clerks = User.objects.filter(post=Post.TOWNSHIP_CLERK)
    assert clerks.values("area").distinct().count() >= 2


@pytest.mark.db_owner("tests the demo seeder, which moves sequences (setval): the owner's like migrate")
def test_seed_demo_refuses_a_seeded_database_unless_asked_to_skip(db, capsys):
    call_command("seed_demo", residents=10)
    with pytest.raises(CommandError):
        call_command("seed_demo", residents=10)
    call_command("seed_demo", residents=10, if_empty=True)
    assert "nothing seeded" in capsys.readouterr().out
    assert Resident.objects.count() == 10
