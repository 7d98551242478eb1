"""Parameters, the newly-of-age list and awards, with amounts computed by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from benefits import services
from benefits.models import Award, BenefitParameter, DueEntry, OtherPension, Recipient
from benefits.rules import round_amount
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db

M = datetime.date


@pytest.fixture
def sixty_next_month(make_resident, village_a):
    """Born so that they turn 60 next month (paid from the month after)."""
    today = datetime.date.today()
    nxt = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=10)
    return make_resident(village_a, name="李秀英", birth=nxt.replace(year=nxt.year - 60))


def test_a_parameter_change_is_a_new_dated_row_carrying_the_rest_over_and_logged(officer):
    row = services.benefit_parameter_save(actor=officer, valid_from="2030-01", basic_county="15.00",
                                          reason="county budget 2030")
    assert row.valid_from == M(2030, 1, 1) and row.basic_county == Decimal("15.00")
    assert row.basic_national == Decimal("163.00") and row.divisor == 139  # carried over from 2026
    assert OperationLog.objects.filter(action="benefit_parameter.save", object_id=str(row.pk)).exists()


def test_a_parameter_row_in_force_cannot_be_edited(officer):
    with pytest.raises(Conflict):
        services.benefit_parameter_save(actor=officer, valid_from="2024-01", basic_county="99.00")


def test_only_the_county_edits_parameters_and_bad_input_names_the_field(clerk_a, officer):
    with pytest.raises(PermissionDenied):
        services.benefit_parameter_save(actor=clerk_a, valid_from="2030-01", basic_county="1")
    for field, value in [("basic_county", "-1"), ("basic_county", "abc"), ("divisor", "0"), ("rounding", "x"),
                         ("valid_from", "2030-13")]:
        kwargs = {"valid_from": "2030-01", field: value}
        with pytest.raises(ValidationError) as exc:
            services.benefit_parameter_save(actor=officer, **kwargs)
        assert field in exc.value.message_dict


@pytest.mark.parametrize("rounding,expected", [("cent_half_up", "21.59"), ("cent_down", "21.58"),
                                                ("jiao_half_up", "21.60"), ("jiao_up", "21.60")])
def test_rounding_rules(rounding, expected):
    # 3000.55 / 139 = 21.5866...
    assert round_amount(Decimal("3000.55") / 139, rounding) == Decimal(expected)


def test_due_list_gives_each_verdict_with_missing_years_and_back_payment(make_resident, village_a, credit_years,
                                                                          clerk_a, officer):
    today = datetime.date.today()
    month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    born = month.replace(year=month.year - 60, day=5)  # turns 60 in `month`; scheme years 2011..month.year-1
    full = make_resident(village_a, name="甲", birth=born)
    short = make_resident(village_a, name="乙", birth=born)
    other = make_resident(village_a, name="丙", birth=born)
    years = list(range(month.year - 15, month.year))  # 15 scheme years before the 60th
    credit_years(full, years, maker=officer)
    credit_years(short, years[3:], maker=officer)  # three oldest years missing
    OtherPension.objects.create(resident=other, township=other.township, village=other.village,
                                kind="employee", started_on=M(2020, 1, 1), source="test")
    assert services.due_list_build(actor=clerk_a, month=month) == 3
    rows = {e.resident_id: e for e in DueEntry.objects.filter(month=month)}
    required = min(15, len(years))
    assert rows[full.pk].verdict == ("eligible" if required == 15 else "transitional")
    assert rows[short.pk].verdict == "missing_years"
    assert rows[short.pk].missing_years == years[:3]
    assert rows[short.pk].back_payment == Decimal("600.00")  # 3 × 200
    assert rows[other.pk].verdict == "other_pension"
    assert services.due_list_build(actor=clerk_a, month=month) == 3  # rebuilt, not duplicated
    assert DueEntry.objects.filter(month=month).count() == 3


def test_transitional_already_sixty_when_the_scheme_began(make_resident, village_a, officer):
    from benefits.rules import due_verdict

    params = BenefitParameter.objects.get(valid_from=M(2026, 1, 1))
    v = due_verdict(params, birth_year=1950, paid_years=set(), other_pension=False, awarded=False)
    assert (v.verdict, v.years_required) == ("transitional", 0)
    v = due_verdict(params, birth_year=1960, paid_years={2011, 2012}, other_pension=False, awarded=False)
    # 60 in 2020: the scheme years before are 2011..2019 (9) → all 9 needed, 7 missing
    assert (v.verdict, v.years_required, v.missing_years) == ("missing_years", 9, list(range(2013, 2020)))


def test_award_amount_by_hand_levels_extras_and_account(sixty_next_month, credit_years, clerk_a, officer,
                                                         officer2):
    r = sixty_next_month
    # 17 years (2005..2021 — the scheme years counted for the verdict are 2011.., but every credited year counts
    # for the extra): 17 − 15 = 2 extra years × 2 yuan.
    credit_years(r, range(2005, 2022), parts={"personal": "500", "subsidy_provincial": "100"}, maker=officer)
    # balance = 17 × 600 = 10,200.00; 10,200 / 139 = 73.3812… → 73.38
    award = services.award_propose(actor=clerk_a, resident=r)
    params = award.parameter
    assert (award.basic_national, award.basic_provincial, award.basic_county) == (
        params.basic_national, params.basic_provincial, params.basic_county)
    assert (award.years, award.extra_years, award.extra) == (17, 2, Decimal("4.00"))
    assert award.balance == Decimal("10200.00") and award.account_amount == Decimal("73.38")
    assert award.monthly_amount == params.basic_total + Decimal("4.00") + Decimal("73.38")
    today = datetime.date.today().replace(day=1)
    assert award.start_month == (today + datetime.timedelta(days=62)).replace(day=1)
    with pytest.raises(PermissionDenied):
        services.award_approve(actor=clerk_a, award=award)
    services.award_approve(actor=officer, award=award)
    recipient = Recipient.objects.get(resident=r)
    assert recipient.monthly_amount == award.monthly_amount and recipient.award == award
    assert recipient.start_month == award.start_month and recipient.basic_amount == award.basic_amount


def test_the_proposer_cannot_approve_their_own_award_in_service_or_database(sixty_next_month, credit_years,
                                                                             officer, officer2):
    credit_years(sixty_next_month, range(2005, 2022), maker=officer)
    award = services.award_propose(actor=officer, resident=sixty_next_month)
    with pytest.raises(ValidationError) as exc:
        services.award_approve(actor=officer, award=award)
    assert "checker" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.filter(pk=award.pk).update(checker=officer)
    services.award_approve(actor=officer2, award=award)


def test_missing_years_refuse_the_proposal_naming_them(sixty_next_month, credit_years, clerk_a, officer):
    credit_years(sixty_next_month, range(2014, 2020), maker=officer)
    with pytest.raises(ValidationError) as exc:
        services.award_propose(actor=clerk_a, resident=sixty_next_month)
    assert "resident" in exc.value.message_dict and "2013" in str(exc.value)


def test_clerk_of_township_b_cannot_propose_for_township_a(sixty_next_month, credit_years, clerk_b, officer):
    from django.http import Http404

    credit_years(sixty_next_month, range(2005, 2022), maker=officer)
    with pytest.raises(Http404):  # out of scope is absent in the service too
        services.award_propose(actor=clerk_b, resident=sixty_next_month)


def test_a_returned_award_can_be_proposed_again_and_twice_is_a_conflict(sixty_next_month, credit_years, clerk_a,
                                                                         officer):
    credit_years(sixty_next_month, range(2005, 2022), maker=officer)
    award = services.award_propose(actor=clerk_a, resident=sixty_next_month)
    with pytest.raises(Conflict):
        services.award_propose(actor=clerk_a, resident=sixty_next_month)
    services.award_return(actor=officer, award=award, reason="材料不全")
    services.award_propose(actor=clerk_a, resident=sixty_next_month)
