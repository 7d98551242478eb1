"""The demo seeder writes consistent data: approved rows credited to the cent, receipts all accounted for."""

import random

import pytest
from django.db.models import Sum

from collection import demo, selectors
from collection.models import Contribution, ReceiptBook
from funds.models import AccountEntry

pytestmark = [pytest.mark.django_db,
              pytest.mark.db_owner("tests the demo seeder, which moves sequences (setval): the owner's like migrate")]


def test_demo_contributions_are_credited_and_receipt_books_have_no_gaps(county, make_resident, village_a, village_b,
                                                                        clerk_a, officer, officer2):
    people = [make_resident(v, name=f"示范{i}", enrolled=True) for i, v in enumerate([village_a, village_b] * 10)]
    summary = demo.seed_contributions(county=county, rng=random.Random(3), staff=[clerk_a, officer, officer2])
    assert "contributions" in summary
    rows = Contribution.objects.all()
    assert rows.count() > len(people) * 4
    assert set(rows.values_list("year", flat=True)) <= set(range(2015, 2027))  # back payments from 2015
    approved = rows.filter(status="approved")
    credited = AccountEntry.objects.aggregate(s=Sum("amount"))["s"]
    assert credited == sum(c.total for c in approved)
    assert not AccountEntry.objects.exclude(source_kind="contribution",
                                            source_id__in=approved.values("id")).exists()
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


def test_demo_back_payments_are_before_enrolment_and_without_subsidy(county, make_resident, village_a, clerk_a,
                                                                     officer, officer2):
    import datetime

    from enrollment.models import Enrollment

    people = [make_resident(village_a, name=f"补缴{i}", birth=datetime.date(1968, 1, 1 + i), enrolled=True)
              for i in range(12)]  # enrolled 2020-03-01 at 52: may back-pay up to five years
    demo.seed_contributions(county=county, rng=random.Random(5), staff=[clerk_a, officer, officer2])
    back = Contribution.objects.filter(kind="back_payment")
    assert back.exists()
    for c in back:
        enrolled = Enrollment.objects.get(resident=c.resident).enrolled_on
        assert 2015 <= c.year < enrolled.year and c.paid_on.year == enrolled.year
        assert c.subsidy_total == 0 and c.personal_amount == c.grade
    assert len(people) == 12
