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


@pytest.mark.django_db
def test_resident_has_paid_marks_residents_with_a_live_contribution_of_the_year(make_resident, village_a, contribute):
    from enrollment.models import Resident

    names = ("甲", "乙", "丙", "丁")
    paid, reversed_only, cancelled_only, unpaid = (make_resident(village_a, name=n, enrolled=True) for n in names)
    contribute(paid)
    contribute(reversed_only, status="reversed")
    contribute(cancelled_only, status="cancelled")  # handed back: not paid
    contribute(unpaid, year=2025)

    marked = Resident.objects.annotate(has_paid=selectors.resident_has_paid(year=2026))
    assert {r.name: r.has_paid for r in marked} == {"甲": True, "乙": False, "丙": False, "丁": False}


@pytest.mark.django_db
def test_payment_counts_by_village_count_payers_renewals_and_amount_where_the_resident_lives_now(
    make_resident, village_a, village_a2, contribute
):
    renewing, new, moved = (make_resident(village_a, name=n, enrolled=True) for n in ("甲", "乙", "丙"))
    contribute(renewing, year=2025, paid_on=datetime.date(2025, 3, 1))
    contribute(renewing, personal="500.00")
    contribute(new)
    contribute(moved)
    moved.village = village_a2  # moved after paying: counted in the new village
    moved.save(update_fields=["village"])

    counts = selectors.payment_counts_by_village(year=2026)
    a = counts[village_a.pk]
    assert (a["paying"], a["renewals"], a["paying_enrolled"], a["amount"]) == (2, 1, 2, Decimal("800.00"))
    assert counts[village_a2.pk]["paying"] == 1


@pytest.mark.django_db
def test_collection_opens_on_is_the_day_the_county_set_or_none():
    from collection.models import CollectionYear

    CollectionYear.objects.filter(year=2026).update(opens_on=datetime.date(2026, 1, 15))
    assert selectors.collection_opens_on(year=2026) == datetime.date(2026, 1, 15)
    assert selectors.collection_opens_on(year=1999) is None
