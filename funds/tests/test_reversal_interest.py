"""Issue 10 item 5: a reversal takes back exactly the interest the reversed money earned, and the reversed money
earns nothing in the years not yet posted (it stops earning from the reversed credit's own value date, which the
reversal carries as its interest date; its value date stays the day of the reversal, so a posted year's statement
never changes). Figures by hand; both engines (PostgreSQL's INSERT … SELECT and the portable one) give them.

王芳 has 2,000.00 paid 10 January 2025 and 1,000.00 paid 2 March 2025, which turns out wrong and is reversed on
10 May 2026 after 2025 was posted. Her twin 李芳 has only the 2,000.00: after the reversal both accounts must earn
the same, to the fen.
"""

import datetime
import types
from decimal import Decimal

import pytest

from funds.interest import posting as posting_module
from funds.models import AccountEntry, Component, EntryKind, SourceKind
from funds.services import account_credit, account_reverse, interest_post_year, interest_rate_set

pytestmark = pytest.mark.django_db

JAN10, MAR2 = datetime.date(2025, 1, 10), datetime.date(2025, 3, 2)


@pytest.fixture(params=["postgresql", "sqlite"])
def engine(request, monkeypatch):
    """Post with the set-based engine (PostgreSQL) or the portable one (Decimal in Python, as on SQLite)."""
    if request.param == "sqlite":
        monkeypatch.setattr(posting_module, "connection", types.SimpleNamespace(vendor="sqlite"))
    return request.param


@pytest.fixture
def rates(officer):
    for year, rate in ((2025, "2.60"), (2026, "2.50"), (2027, "2.00")):
        interest_rate_set(actor=officer, year=year, rate_percent=Decimal(rate), rounding="half_up",
                          month_rule="after_value_month")


def _credit(resident, *, source_id, day, amount, actor):
    return account_credit(actor=actor, resident=resident, township_id=resident.township_id, value_date=day,
                          amounts=[(Component.PERSONAL, Decimal(amount))], source_kind=SourceKind.CONTRIBUTION,
                          source_id=source_id, for_year=day.year)


@pytest.fixture
def twins(make_resident, village_a, officer, rates):
    wang = make_resident(village_a, name="王芳", enrolled=True)
    li = make_resident(village_a, name="李芳", enrolled=True)
    _credit(wang, source_id=9001, day=JAN10, amount="2000.00", actor=officer)
    _credit(wang, source_id=9002, day=MAR2, amount="1000.00", actor=officer)
    _credit(li, source_id=9003, day=JAN10, amount="2000.00", actor=officer)
    return wang, li


def _post(officer, monkeypatch, year):
    monkeypatch.setattr(posting_module, "_today", lambda: datetime.date(year + 1, 2, 1))
    run = interest_post_year(actor=officer, year=year)
    assert run.status == "succeeded", run.error


def _interest(resident, year):
    return AccountEntry.objects.filter(account__resident=resident, kind=EntryKind.INTEREST, year=year,
                                       posting__isnull=False).values_list("amount", flat=True).first()


def _balance(resident):
    return sum(AccountEntry.objects.filter(account__resident=resident).values_list("amount", flat=True),
               Decimal("0.00"))


def test_a_reversal_in_the_next_year_leaves_no_interest_on_the_reversed_money(twins, officer, engine,
                                                                               monkeypatch):
    wang, li = twins
    _post(officer, monkeypatch, 2025)
    # 王芳 2025: (2000 × 11 + 1000 × 9) × 2.60 ÷ 1200 = 31000 × 2.6 ÷ 1200 = 67.1666… → 67.17
    # 李芳 2025: 2000 × 11 × 2.60 ÷ 1200 = 47.666… → 47.67
    assert (_interest(wang, 2025), _interest(li, 2025)) == (Decimal("67.17"), Decimal("47.67"))

    entries = account_reverse(actor=officer, source_kind=SourceKind.CONTRIBUTION, source_id=9002, reason="重复缴费",
                              on_date=datetime.date(2026, 5, 10))
    # the interest 1,000 earned in 2025: 1000 × 9 × 2.60 ÷ 1200 = 19.50, taken back
    by_component = {e.component: e for e in entries}
    assert by_component[Component.PERSONAL].amount == Decimal("-1000.00")
    assert by_component[Component.INTEREST].amount == Decimal("-19.50")
    # dated the day of the reversal (2025's statement does not change) but counting for interest from the day
    # the reversed money was paid, and the interest from the day it was credited
    assert {e.value_date for e in entries} == {datetime.date(2026, 5, 10)}
    assert by_component[Component.PERSONAL].interest_from == MAR2
    assert by_component[Component.INTEREST].interest_from == datetime.date(2025, 12, 31)

    _post(officer, monkeypatch, 2026)
    # 2026, with nothing of the reversed money: opening 2000 + 67.17 − 19.50 = 2047.67, × 2.50 % = 51.19175 → 51.19
    # (before the fix the 1,000 still earned January–May: 61.81)
    assert _interest(wang, 2026) == Decimal("51.19")
    assert _interest(li, 2026) == Decimal("51.19")
    assert _balance(wang) == _balance(li) == Decimal("2098.86")


def test_a_reversal_two_years_on_takes_nothing_from_the_year_between(twins, officer, engine, monkeypatch):
    """Reversed on 1 February 2027 while 2026 is not yet posted: the 2026 posting already leaves the reversed
    money out (the reversal counts from 2 March 2025 although it is dated 2027), and so does 2027."""
    wang, li = twins
    _post(officer, monkeypatch, 2025)
    entries = account_reverse(actor=officer, source_kind=SourceKind.CONTRIBUTION, source_id=9002, reason="错录",
                              on_date=datetime.date(2027, 2, 1))
    assert sorted(e.amount for e in entries) == [Decimal("-1000.00"), Decimal("-19.50")]
    _post(officer, monkeypatch, 2026)
    assert _interest(wang, 2026) == _interest(li, 2026) == Decimal("51.19")
    _post(officer, monkeypatch, 2027)
    # (2047.67 + 51.19) × 2.00 % = 2098.86 × 0.02 = 41.9772 → 41.98
    assert _interest(wang, 2027) == _interest(li, 2027) == Decimal("41.98")
    assert _balance(wang) == _balance(li) == Decimal("2140.84")


def test_money_credited_and_reversed_over_two_posted_years_takes_back_both_years(make_resident, village_a, officer,
                                                                                  engine, monkeypatch):
    """1,000 paid 20 June 2024, 2024 and 2025 posted, reversed 10 May 2026: 2024 gave 1000 × 6 × 2.62 ÷ 1200 =
    13.10, 2025 (1013.10) × 2.60 % = 26.3406 → 26.34; the reversal takes back 39.44 and 2026 gives nothing."""
    interest_rate_set(actor=officer, year=2024, rate_percent=Decimal("2.62"), rounding="half_up",
                      month_rule="after_value_month")
    interest_rate_set(actor=officer, year=2025, rate_percent=Decimal("2.60"), rounding="half_up",
                      month_rule="after_value_month")
    zhao = make_resident(village_a, name="赵敏", enrolled=True)
    _credit(zhao, source_id=9101, day=datetime.date(2024, 6, 20), amount="1000.00", actor=officer)
    _post(officer, monkeypatch, 2024)
    _post(officer, monkeypatch, 2025)
    assert (_interest(zhao, 2024), _interest(zhao, 2025)) == (Decimal("13.10"), Decimal("26.34"))
    account_reverse(actor=officer, source_kind=SourceKind.CONTRIBUTION, source_id=9101, reason="错录",
                    on_date=datetime.date(2026, 5, 10))
    assert _balance(zhao) == Decimal("0.00")
    _post(officer, monkeypatch, 2026)
    assert _interest(zhao, 2026) is None
    assert _balance(zhao) == Decimal("0.00")
