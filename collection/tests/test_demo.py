"""The demo seeder writes consistent data: approved rows credited to the cent, receipts all accounted for."""

import random

import pytest
from django.db.models import Sum

from collection import demo, selectors
from collection.models import Contribution, ReceiptBook
from funds.models import AccountEntry

pytestmark = pytest.mark.django_db


def test_demo_contributions_are_credited_and_receipt_books_have_no_gaps(county, make_resident, village_a, village_b,
                                                                        clerk_a, officer, officer2):
    people = [make_resident(v, name=f"示范{i}", enrolled=True) for i, v in enumerate([village_a, village_b] * 10)]
    summary = demo.seed_contributions(county=county, rng=random.Random(3), staff=[clerk_a, officer, officer2])
    assert "contributions" in summary
    rows = Contribution.objects.all()
    assert rows.count() > len(people) * 4
    assert set(rows.values_list("year", flat=True)) <= set(range(2020, 2027))
    approved = rows.filter(status="approved")
    credited = AccountEntry.objects.aggregate(s=Sum("amount"))["s"]
    assert credited == sum(c.total for c in approved)
    assert not AccountEntry.objects.exclude(contribution__status="approved").exists()
    assert not approved.filter(checker=None).exists()
    assert not rows.filter(checker__isnull=False, checker_id=models_f("maker_id")).exists()
    for book in ReceiptBook.objects.all():
        report = selectors.receipt_book_gaps(book=book)
        assert report["gaps"] == []
        if book.written_off_at:
            assert report["unused"] == []
    assert demo.already_seeded()


def models_f(name):
    from django.db.models import F

    return F(name)
