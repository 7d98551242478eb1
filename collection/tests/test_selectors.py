"""The reads collection offers other apps (funds' reconciliation, progress' figures and work list)."""

import datetime
from decimal import Decimal

import pytest

from collection import selectors
from collection.models import Contribution

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def contribute(clerk_a):
    """A contribution row made directly: these tests are about reading, not about the entry rules."""

    def make(resident, *, personal="300.00", channel="cash", status="entered", year=2026, paid_on=DAY,
             receipt_number=""):
        return Contribution.objects.create(
            resident=resident, township_id=resident.township_id, village_id=resident.village_id, year=year,
            grade=Decimal(personal), personal_amount=Decimal(personal), channel=channel,
            receipt_number=receipt_number, paid_on=paid_on, status=status, maker=clerk_a,
        )

    return make


@pytest.mark.django_db
def test_cash_collected_totals_count_live_cash_per_township_and_day_within_scope(
    make_resident, village_a, village_b, contribute, clerk_a, officer
):
    a1, a2, a3, a4 = (make_resident(village_a, name=n, enrolled=True) for n in ("甲", "乙", "丙", "丁"))
    b = make_resident(village_b, name="戊", enrolled=True)
    contribute(a1, personal="300.00", status="approved")
    contribute(a2, personal="500.00", status="returned")
    contribute(a3, personal="200.00", channel="bank")  # withheld by the bank: not cash
    contribute(a4, personal="400.00", status="cancelled")  # never paid
    contribute(a4, personal="100.00", status="reversed", year=2025)
    contribute(b, personal="300.00")

    assert selectors.cash_collected_totals(user=clerk_a) == {(a1.township_id, DAY): (Decimal("800.00"), 2)}
    county = selectors.cash_collected_totals(user=officer, date_from=DAY, date_to=DAY)
    assert county == {(a1.township_id, DAY): (Decimal("800.00"), 2), (b.township_id, DAY): (Decimal("300.00"), 1)}
    assert selectors.cash_collected_totals(user=officer, date_to=DAY - datetime.timedelta(days=1)) == {}


@pytest.mark.django_db
def test_cash_collected_on_lists_one_townships_day_in_receipt_order_and_hides_other_townships(
    make_resident, village_a, contribute, clerk_a, clerk_b
):
    first, second = make_resident(village_a, name="甲", enrolled=True), make_resident(village_a, name="乙")
    later = contribute(second, receipt_number="26010002")
    earlier = contribute(first, receipt_number="26010001")
    contribute(first, receipt_number="26010003", paid_on=DAY + datetime.timedelta(days=1), year=2025)

    rows = selectors.cash_collected_on(user=clerk_a, township_id=first.township_id, day=DAY)
    assert list(rows) == [earlier, later]
    assert not selectors.cash_collected_on(user=clerk_b, township_id=first.township_id, day=DAY).exists()
