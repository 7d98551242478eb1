"""Digits are ASCII digits and amounts are exact: hostile values a probe stored or turned into 500s."""

import pytest
from django.core.exceptions import ValidationError

from collection import services
from collection.models import Contribution, ReceiptBook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("receipt", ["260100213①", "٢٦٠١٠٠٠١", "2601000²"])
def test_receipt_number_with_non_ascii_digits_is_refused_and_nothing_is_written(enter, payer, book_a, receipt):
    with pytest.raises(ValidationError) as exc:
        enter(payer, receipt_number=receipt)
    assert "receipt_number" in exc.value.message_dict
    assert not Contribution.objects.exists()


def test_full_width_receipt_number_is_read_as_ascii(enter, payer, book_a):
    c = enter(payer, receipt_number="２６０１０００５")
    assert c.receipt_number == "26010005"


@pytest.mark.parametrize("grade", ["1e30", "NaN", "Infinity", "300.004", "-300", "３００①", "9" * 40])
def test_hostile_grade_is_a_validation_error_not_a_crash(enter, payer, book_a, grade):
    with pytest.raises(ValidationError) as exc:
        enter(payer, grade=grade)
    assert "grade" in exc.value.message_dict
    assert not Contribution.objects.exists()


def test_grade_with_three_decimals_is_not_rounded_into_a_grade(enter, payer, book_a):
    with pytest.raises(ValidationError):
        enter(payer, grade="300.004")
    assert enter(payer, grade="300.00").grade == 300


@pytest.mark.parametrize("first,last", [("2603000①", "26030009"), ("٢٦٠٣٠٠٠١", "26030009"), ("1e3", "1e4")])
def test_receipt_book_range_with_non_ascii_digits_is_refused(officer, township_a, first, last):
    with pytest.raises(ValidationError):
        services.receipt_book_issue(actor=officer, township=township_a, first_number=first, last_number=last)
    assert not ReceiptBook.objects.filter(township=township_a).exists()


def test_void_reason_has_a_length_limit(clerk_a, book_a):
    with pytest.raises(ValidationError) as exc:
        services.receipt_void(actor=clerk_a, book=book_a, first_number="26010001", reason="x" * 501)
    assert "reason" in exc.value.message_dict
