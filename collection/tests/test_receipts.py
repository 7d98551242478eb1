"""Receipt books: issue, void, gaps, write-off, the next number for the entry screen."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from collection import selectors, services
from pension.errors import Conflict

pytestmark = pytest.mark.django_db


def test_county_issues_a_range_and_overlaps_are_refused(officer, township_a, township_b, book_a):
    with pytest.raises(Conflict) as exc:
        services.receipt_book_issue(actor=officer, township=township_b, first_number="26010090",
                                    last_number="26010200")
    assert township_a.name in exc.value.message_dict["first_number"][0]
    # Same digits but another width is another series.
    services.receipt_book_issue(actor=officer, township=township_b, first_number="126010090",
                                last_number="126010200")


def test_a_clerk_cannot_issue_books(clerk_a, township_a):
    with pytest.raises(PermissionDenied):
        services.receipt_book_issue(actor=clerk_a, township=township_a, first_number="1", last_number="9")


@pytest.mark.parametrize(("first", "last", "field"), [
    ("A001", "A100", "first_number"), ("0100", "099", "last_number"), ("0100", "0099", "last_number"),
])
def test_bad_ranges_are_refused_naming_the_field(officer, township_a, first, last, field):
    with pytest.raises(ValidationError) as exc:
        services.receipt_book_issue(actor=officer, township=township_a, first_number=first, last_number=last)
    assert field in exc.value.message_dict


def test_voiding_needs_a_reason_and_a_number_of_the_book(clerk_a, book_a, void_range):
    with pytest.raises(ValidationError):
        services.receipt_void(actor=clerk_a, book=book_a, first_number="26010001", reason="")
    with pytest.raises(ValidationError):
        services.receipt_void(actor=clerk_a, book=book_a, first_number="26019999", reason="丢失")
    assert void_range(actor=clerk_a, book=book_a, first_number="26010001", last_number="26010003",
                      reason="打印错位") == 3
    with pytest.raises(Conflict):
        services.receipt_void(actor=clerk_a, book=book_a, first_number="26010003", reason="again")


def test_a_used_number_cannot_be_voided(enter, payer, clerk_a, book_a):
    enter(payer, receipt_number="26010004")
    with pytest.raises(Conflict):
        services.receipt_void(actor=clerk_a, book=book_a, first_number="26010004", reason="x")


def test_clerk_of_another_township_gets_404_voiding_its_numbers(clerk_b, book_a):
    with pytest.raises(Http404):
        services.receipt_void(actor=clerk_b, book=book_a, first_number="26010001", reason="x")


def test_gap_report_separates_skipped_numbers_from_unused_ones(enter, payer, make_resident, village_a, book_a,
                                                               clerk_a):
    enter(payer, receipt_number="26010001")
    enter(make_resident(village_a, name="王五", enrolled=True), receipt_number="26010004")
    services.receipt_void(actor=clerk_a, book=book_a, first_number="26010002", reason="污损")
    report = selectors.receipt_book_gaps(book=book_a)
    assert report["gaps"] == ["26010003"]
    assert report["unused"][0] == "26010005" and len(report["unused"]) == 96
    assert report["used"] == 2 and report["voided"] == 1


def test_write_off_only_when_no_number_is_missing(enter, payer, officer, clerk_a, book_a, void_range):
    enter(payer, receipt_number="26010001")
    with pytest.raises(ValidationError) as exc:
        services.receipt_book_write_off(actor=officer, book=book_a)
    assert "26010002" in exc.value.message_dict["book"][0]
    void_range(actor=clerk_a, book=book_a, first_number="26010002", last_number="26010100",
               reason="年度结束，余票交回")
    services.receipt_book_write_off(actor=officer, book=book_a)
    book_a.refresh_from_db()
    assert book_a.written_off_at and book_a.written_off_by == officer
    with pytest.raises(Conflict):
        services.receipt_void(actor=clerk_a, book=book_a, first_number="26010002", reason="x")


def test_next_number_follows_the_highest_used_or_voided(enter, payer, clerk_a, book_a, township_a):
    assert selectors.next_receipt_number(township_id=township_a.pk)[1] == "26010001"
    enter(payer, receipt_number="26010001")
    services.receipt_void(actor=clerk_a, book=book_a, first_number="26010002", reason="污损")
    book, number = selectors.next_receipt_number(township_id=township_a.pk)
    assert book == book_a and number == "26010003"


def test_book_list_counts_used_voided_and_missing(enter, payer, clerk_a, book_a):
    enter(payer, receipt_number="26010001")
    services.receipt_void(actor=clerk_a, book=book_a, first_number="26010002", reason="污损")
    row = selectors.receipt_book_list(user=clerk_a).get(pk=book_a.pk)
    assert (row.used_count, row.voided_count) == (1, 1)
