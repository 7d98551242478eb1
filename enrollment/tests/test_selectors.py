"""The reads enrollment offers other apps (progress' per-village counts and work list, the demo targets)."""

import datetime

import pytest

from enrollment import selectors
from enrollment.models import Enrollment


@pytest.mark.django_db
def test_resident_counts_by_village_count_the_enrolled_and_those_reaching_the_age_in_the_year(
    make_resident, village_a, village_b
):
    make_resident(village_a, name="甲", enrolled=True, birth=datetime.date(1966, 8, 1))  # 60 in 2026
    make_resident(village_a, name="乙", enrolled=True, birth=datetime.date(1980, 1, 1))
    make_resident(village_a, name="丙", birth=datetime.date(1966, 2, 1))  # 60 in 2026 but not enrolled
    make_resident(village_b, name="丁", enrolled=True)

    counts = selectors.resident_counts_by_village(year=2026, of_age=60)
    assert (counts[village_a.pk]["enrolled"], counts[village_a.pk]["newly_of_age"]) == (2, 1)
    assert (counts[village_b.pk]["enrolled"], counts[village_b.pk]["newly_of_age"]) == (1, 0)


@pytest.mark.django_db
def test_new_enrollee_counts_by_village_count_residents_whose_enrolment_began_in_the_year(
    make_resident, village_a
):
    old = make_resident(village_a, name="甲", enrolled=True)  # enrolled in 2020
    new = make_resident(village_a, name="乙")
    for resident in (new, old):  # two enrolments in the year for one resident count once
        Enrollment.objects.create(resident=resident, enrolled_on=datetime.date(2026, 2, 1),
                                  first_month=datetime.date(2026, 2, 1), status="terminated",
                                  terminated_on=datetime.date(2026, 5, 1))
    Enrollment.objects.create(resident=new, enrolled_on=datetime.date(2026, 6, 1),
                              first_month=datetime.date(2026, 6, 1))

    assert selectors.new_enrollee_counts_by_village(year=2026) == {village_a.pk: 2}
    assert selectors.new_enrollee_counts_by_village(year=2020) == {village_a.pk: 1}


@pytest.mark.django_db
def test_enrolled_residents_of_village_lists_the_roll_in_scope_and_refuses_another_township(
    make_resident, village_a, village_b, clerk_a, clerk_b
):
    from django.http import Http404

    make_resident(village_a, name="乙", enrolled=True)
    make_resident(village_a, name="甲", enrolled=True)
    make_resident(village_a, name="丙")  # not enrolled
    make_resident(village_b, name="丁", enrolled=True)

    names = [r.name for r in selectors.enrolled_residents_of_village(user=clerk_a, village_id=village_a.pk)]
    assert sorted(names) == ["乙", "甲"] and len(names) == 2
    with pytest.raises(Http404):
        selectors.enrolled_residents_of_village(user=clerk_b, village_id=village_a.pk)


@pytest.mark.django_db
def test_resident_counts_by_township_count_living_adults_and_the_enrolled(make_resident, village_a, village_b):
    make_resident(village_a, name="甲", enrolled=True)
    make_resident(village_a, name="乙", birth=datetime.date(2015, 1, 1))  # a child
    make_resident(village_a, name="丙", death_date=datetime.date(2025, 1, 1))

    counts = selectors.resident_counts_by_township(adults_born_by=datetime.date(2010, 12, 31))
    assert (counts[village_a.township_id]["adults"], counts[village_a.township_id]["enrolled"]) == (1, 1)
    assert village_b.township_id not in counts


@pytest.mark.django_db
def test_resident_lock_for_update_gives_the_resident_in_scope_and_none_outside(make_resident, village_a, clerk_a,
                                                                                clerk_b):
    from django.db import transaction

    resident = make_resident(village_a, name="甲", enrolled=True)
    with transaction.atomic():
        assert selectors.resident_lock_for_update(user=clerk_a, pk=resident.pk) == resident
        assert selectors.resident_lock_for_update(user=clerk_b, pk=resident.pk) is None
