"""Issue 10, items 1-3: who pays a normal contribution, who may back-pay (补缴) and for which years, and why
the payment date cannot be used to get around either. Each test failed on the code before the rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from collection.models import CollectionYear, Contribution, ContributionKind, ReceiptBook

pytestmark = pytest.mark.django_db


def _paid(resident, years, *, clerk):
    """Years already paid (approved), written directly: the history of a resident who enrolled long ago."""
    for year in years:
        Contribution.objects.create(
            resident=resident, township_id=resident.township_id, village_id=resident.village_id, year=year,
            kind="normal", grade=Decimal("200"), personal_amount=Decimal("200"), channel="bank",
            paid_on=datetime.date(year, 3, 1), status="entered", maker=clerk)


def test_a_66_year_old_pays_no_normal_contribution_and_gets_no_subsidy(enter, make_resident, village_a):
    old = make_resident(village_a, name="刘老汉", birth=datetime.date(1960, 2, 1), enrolled=True)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        enter(old, year=2026, grade="300")
    message = exc.value.message_dict["year"][0]
    assert "60" in message and "待遇" in message
    assert not Contribution.objects.filter(resident=old).exists()


def test_a_resident_turning_60_this_year_pays_no_normal_contribution(enter, make_resident, village_a):
    turning = make_resident(village_a, name="周满", birth=datetime.date(1966, 11, 30), enrolled=True)
    with pytest.raises(ValidationError) as exc:
        enter(turning, year=2026)
    assert "year" in exc.value.message_dict


def test_a_59_year_old_pays_a_normal_subsidised_contribution(enter, make_resident, village_a):
    ok = make_resident(village_a, name="吴五九", birth=datetime.date(1967, 1, 1), enrolled=True)
    c = enter(ok, year=2026, grade="300")
    assert c.kind == ContributionKind.NORMAL and c.subsidy_total > 0


def test_a_20_year_old_cannot_back_pay(enter, make_resident, village_a):
    young = make_resident(village_a, name="小陈", birth=datetime.date(2006, 4, 1), enrolled=True)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        enter(young, year=2025, grade="300")
    assert "15" in exc.value.message_dict["year"][0]
    assert not Contribution.objects.filter(resident=young).exists()


def test_back_payment_stops_at_the_years_needed_to_reach_15_by_60(enter, make_resident, village_a, clerk_a):
    # Born 1968: 2026 and 2027 are still payable yearly; twelve years paid; so one year of back payment
    # brings the total to 15 by 60, and a second is refused.
    near = make_resident(village_a, name="郑近六十", birth=datetime.date(1968, 6, 1), enrolled=True)
    _paid(near, range(2012, 2024), clerk=clerk_a)
    first = enter(near, year=2025, grade="300")
    assert first.kind == ContributionKind.BACK_PAYMENT and first.subsidy_total == 0
    with pytest.raises(ValidationError) as exc:
        enter(near, year=2024, grade="300")
    assert "year" in exc.value.message_dict


def test_back_payment_never_for_a_year_before_the_age_of_16(enter, make_resident, village_a):
    CollectionYear.objects.filter(year=2026).update(back_payment_years=15)
    # Born 2009 (17 in 2026) could not pay for 2024, when 15; and being young, not at all.
    teen = make_resident(village_a, name="小林", birth=datetime.date(2009, 1, 5), enrolled=True)
    with pytest.raises(ValidationError):
        enter(teen, year=2024)


def test_back_payment_gets_no_subsidy_whatever_the_campaign_row_says(enter, make_resident, village_a):
    near = make_resident(village_a, name="钱补缴", birth=datetime.date(1968, 6, 1), enrolled=True)
    c = enter(near, year=2025, grade="500")
    assert c.kind == ContributionKind.BACK_PAYMENT
    assert c.subsidy_total == 0 and c.hardship_amount == 0 and c.collective_amount == 0


def test_over_60_back_pays_years_before_60_only_where_the_county_allows(enter, make_resident, village_a):
    old = make_resident(village_a, name="孙六一", birth=datetime.date(1965, 3, 1), enrolled=True)
    with pytest.raises(ValidationError):
        enter(old, year=2024, grade="300")
    CollectionYear.objects.filter(year=2026).update(back_payment_over_60=True)
    c = enter(old, year=2024, grade="300")  # 59 in 2024
    assert c.kind == ContributionKind.BACK_PAYMENT and c.subsidy_total == 0
    with pytest.raises(ValidationError):
        enter(old, year=2025, grade="300")  # 60 in 2025: not a year before the 60th birthday


def test_a_claimed_payment_date_in_an_old_campaign_is_refused(enter, payer):
    # Money taken today cannot be booked as a subsidised normal contribution of 2025 by claiming it was
    # paid in 2025: that campaign closed long ago.
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        enter(payer, year=2025, paid_on=datetime.date(2025, 6, 1))
    assert "paid_on" in exc.value.message_dict
    assert not Contribution.objects.filter(resident=payer).exists()


def test_yesterdays_receipts_are_entered_normally(enter, payer):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    c = enter(payer, year=yesterday.year, paid_on=yesterday)
    assert c.paid_on == yesterday


def test_payment_date_before_enrolment_is_refused(enter, make_resident, village_a):
    r = make_resident(village_a, name="冯新", birth=datetime.date(1980, 1, 1), enrolled=True)
    r.enrollments.update(enrolled_on=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError) as exc:
        enter(r, paid_on=datetime.date(2026, 4, 30))
    assert "paid_on" in exc.value.message_dict


def test_payment_date_before_the_receipt_book_was_issued_is_refused(enter, payer, book_a):
    ReceiptBook.objects.filter(pk=book_a.pk).update(issued_at=timezone.make_aware(datetime.datetime(2026, 4, 1)))
    with pytest.raises(ValidationError) as exc:
        enter(payer, paid_on=datetime.date(2026, 3, 31))
    assert "paid_on" in exc.value.message_dict
