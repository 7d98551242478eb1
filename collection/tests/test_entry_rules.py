"""The rules of contribution_enter, each with its Chinese-ready message and the right error class."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from collection import services
from collection.models import CollectiveSubsidy, Contribution, ContributionKind, ContributionStatus
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


def test_normal_contribution_gets_the_grade_subsidy_split_by_level(enter, payer):
    c = enter(payer, grade="500")
    assert c.kind == ContributionKind.NORMAL and c.status == ContributionStatus.ENTERED
    assert c.personal_amount == Decimal("500.00") and c.hardship_amount == 0
    # 2026 table: 500 → 60 + 10 rise, split province 50%, city 25%, county the rest.
    assert (c.subsidy_central, c.subsidy_provincial, c.subsidy_municipal, c.subsidy_county) == (
        Decimal("0.00"), Decimal("35.00"), Decimal("17.50"), Decimal("17.50"))
    assert c.township_id == payer.township_id and c.village_id == payer.village_id
    log = OperationLog.objects.get(action="contribution.enter")
    assert log.object_id == str(c.pk) and log.after["grade"] == "500.00"


def test_second_normal_contribution_for_the_year_is_a_conflict_with_a_chinese_message(enter, payer):
    enter(payer)
    with translation.override("zh-hans"), pytest.raises(Conflict) as exc:
        enter(payer, grade="500")
    assert "2026" in exc.value.message_dict["year"][0]
    assert Contribution.objects.filter(resident=payer).count() == 1


def test_back_payment_for_an_allowed_past_year_has_no_subsidy(enter, payer):
    c = enter(payer, year=2025, grade="300")
    assert c.kind == ContributionKind.BACK_PAYMENT
    assert c.subsidy_total == 0 and c.personal_amount == Decimal("300.00")


def test_back_payment_beyond_the_allowed_years_is_refused(enter, payer):
    with pytest.raises(ValidationError) as exc:
        enter(payer, year=2023, grade="300")
    assert "year" in exc.value.message_dict


def test_future_year_is_refused(enter, payer):
    with pytest.raises(ValidationError) as exc:
        enter(payer, year=2027)
    assert "year" in exc.value.message_dict


def test_amount_that_is_not_a_grade_of_the_year_is_refused_and_lists_the_grades(enter, payer):
    with pytest.raises(ValidationError) as exc:
        enter(payer, grade="350")
    assert "200" in exc.value.message_dict["grade"][0]


def test_resident_not_enrolled_is_refused(enter, make_resident, village_a):
    stranger = make_resident(village_a, name="李四", enrolled=False)
    with pytest.raises(ValidationError) as exc:
        enter(stranger)
    assert "resident" in exc.value.message_dict


def test_resident_of_another_township_is_absent_to_the_clerk_404(enter, make_resident, village_b):
    """Out of scope is absent, in the service as in the page and the API (test_pages, test_api): a 404, not a
    400 on `resident` that would tell the clerk the id exists elsewhere."""
    other = make_resident(village_b, name="赵六", enrolled=True)
    with pytest.raises(Http404):
        enter(other)
    assert not Contribution.objects.exists()


def test_village_assistant_cannot_take_payments(enter, payer, assistant_a):
    with pytest.raises(PermissionDenied):
        enter(payer, actor=assistant_a)


def test_receipt_number_used_twice_is_a_conflict(enter, payer, make_resident, village_a):
    enter(payer, receipt_number="26010005")
    other = make_resident(village_a, name="王五", enrolled=True)
    with pytest.raises(Conflict) as exc:
        enter(other, receipt_number="26010005")
    assert "26010005" in exc.value.message_dict["receipt_number"][0]


def test_voided_receipt_number_is_a_conflict(enter, payer, book_a, clerk_a):
    services.receipt_void(actor=clerk_a, book=book_a, first_number="26010007", reason="写错作废")
    with pytest.raises(Conflict):
        enter(payer, receipt_number="26010007")


def test_receipt_number_from_another_townships_book_is_refused(enter, payer, book_b):
    with pytest.raises(ValidationError) as exc:
        enter(payer, receipt_number="26020001")
    assert "receipt_number" in exc.value.message_dict


def test_receipt_from_a_written_off_book_is_refused(enter, payer, officer, township_a, clerk_a, void_range):
    old = services.receipt_book_issue(actor=officer, township=township_a, first_number="25010001",
                                      last_number="25010002")
    void_range(actor=clerk_a, book=old, first_number="25010001", last_number="25010002", reason="退回")
    services.receipt_book_write_off(actor=officer, book=old)
    with pytest.raises(ValidationError):
        enter(payer, receipt_number="25010001")


def test_cash_needs_a_receipt_and_bank_has_none(enter, payer):
    with pytest.raises(ValidationError) as exc:
        enter(payer, channel="cash", receipt_number="")
    assert "receipt_number" in exc.value.message_dict
    with pytest.raises(ValidationError):
        enter(payer, channel="bank", receipt_number="26010001")
    c = enter(payer, channel="bank")
    assert c.receipt_book is None and c.receipt_number == ""


def test_payment_date_in_the_future_is_refused(enter, payer):
    with pytest.raises(ValidationError) as exc:
        enter(payer, paid_on=datetime.date.today() + datetime.timedelta(days=3))
    assert "paid_on" in exc.value.message_dict


def test_hardship_resident_pays_the_grade_less_the_governments_share_of_the_lowest(enter, make_resident,
                                                                                   village_a):
    poor = make_resident(village_a, name="孙七", enrolled=True, hardship="dibao")
    c = enter(poor, grade="300")
    assert c.hardship_amount == Decimal("200.00") and c.personal_amount == Decimal("100.00")
    lowest = enter(make_resident(village_a, name="周八", enrolled=True, hardship="dibao"), grade="200")
    assert lowest.personal_amount == 0 and lowest.hardship_amount == Decimal("200.00")


def test_collective_subsidy_of_the_village_is_added(enter, payer, village_a):
    CollectiveSubsidy.objects.create(year=2026, village=village_a, amount=Decimal("20.00"))
    c = enter(payer)
    assert c.collective_amount == Decimal("20.00")
    assert c.total == Decimal("300.00") + c.subsidy_total + Decimal("20.00")


def test_returned_or_cancelled_rows_do_not_block_a_new_entry(enter, payer, officer, clerk_a):
    c = enter(payer)
    services.contribution_cancel(actor=clerk_a, contribution=c, reason="重复收款，已退还")
    again = enter(payer)
    assert again.status == ContributionStatus.ENTERED
