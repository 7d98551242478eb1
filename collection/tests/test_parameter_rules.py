"""Issue 10 item 7: a year's grade table that the national rules forbid is refused (国发〔2014〕8号 三(三):
at least 30 yuan at the lowest grade, at least 60 yuan from the 500-yuan grade, more for a higher grade),
and the grade typed is matched exactly."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from collection import services
from collection.models import Contribution, ContributionGrade

pytestmark = pytest.mark.django_db


def _grade(officer, amount, total, *, year=2026, **kw):
    half = total / 2
    return services.grade_save(actor=officer, year=year, amount=str(amount), subsidy_provincial=str(half),
                               subsidy_county=str(total - half), **kw)


def test_a_higher_grade_with_a_lower_subsidy_is_refused(officer):
    # 2026: 3000 → 130, 5000 → 160. A 4000 grade with 120 would pay less than the 3000 grade.
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        _grade(officer, 4000, 120)
    assert "3000" in exc.value.message_dict["subsidy_county"][0]
    assert not ContributionGrade.objects.filter(year=2026, amount=4000).exists()


def test_a_subsidy_below_the_national_floors_is_refused(officer):
    with pytest.raises(ValidationError) as exc:
        _grade(officer, 100, 20)  # the new lowest grade: below 30
    assert "30" in exc.value.message_dict["subsidy_county"][0]
    with pytest.raises(ValidationError) as exc:
        _grade(officer, 550, 50, year=2030)  # 500 and above: below 60
    assert "60" in exc.value.message_dict["subsidy_county"][0]


def test_levels_that_do_not_sum_to_the_total_typed_are_refused(officer):
    with pytest.raises(ValidationError) as exc:
        _grade(officer, 4000, 140, subsidy_total="150")
    assert "subsidy_total" in exc.value.message_dict
    assert _grade(officer, 4000, 140, subsidy_total="140.00").subsidy_total == 140


def test_a_good_grade_between_two_others_is_saved(officer):
    assert _grade(officer, 4000, 140).subsidy_total == 140


def test_the_grade_typed_is_matched_exactly(enter, payer):
    with pytest.raises(ValidationError) as exc:
        enter(payer, grade="200.004")
    assert "grade" in exc.value.message_dict
    assert not Contribution.objects.exists()


def test_a_grade_amount_with_fractions_of_a_cent_is_refused(officer):
    with pytest.raises(ValidationError) as exc:
        services.grade_save(actor=officer, year=2031, amount="200.004", subsidy_county="35")
    assert "amount" in exc.value.message_dict
