"""Issue 10 item 4: a dead resident's account earns no interest after the month of death. Figures by hand.

Rule applied (国发〔2014〕8号 九 "参保人员死亡，个人账户资金余额可以依法继承": the account stops being the
living member's account at death; the county's work plan has no interest after it): the year of death earns
interest for the months up to and including the month of death, later years earn none."""

import datetime
import types
from decimal import Decimal

import pytest

from funds.interest import interest_on, months_lost
from funds.models import AccountEntry, IndividualAccount, InterestRate
from funds.services import interest_post_year, interest_rate_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_accounts(make_resident, village_a, officer):
    """The dead 王老伯 (died 15 June 2025) and the living 李大嫂, each with 1,000.00 at the start of 2025 and
    300.00 paid on 2 March 2025; 2025 at 2.62 %, half up, months after the value month."""
    interest_rate_set(actor=officer, year=2024, rate_percent=Decimal("2.62"), rounding="half_up",
                      month_rule="after_value_month")
    interest_rate_set(actor=officer, year=2025, rate_percent=Decimal("2.62"), rounding="half_up",
                      month_rule="after_value_month")
    accounts = {}
    for name, death in (("王老伯", datetime.date(2025, 6, 15)), ("李大嫂", None)):
        resident = make_resident(village_a, name=name, death_date=death)
        account = IndividualAccount.objects.create(resident=resident, township_id=village_a.township_id,
                                                   opened_on=datetime.date(2024, 12, 31))
        for day, amount in ((datetime.date(2024, 12, 31), "1000.00"), (datetime.date(2025, 3, 2), "300.00")):
            AccountEntry.objects.create(account=account, year=day.year, value_date=day, kind="credit",
                                        component="personal", amount=Decimal(amount))
        accounts[name] = account
    return accounts


def _interest(account, year):
    return AccountEntry.objects.filter(account=account, kind="interest", year=year).values_list(
        "amount", flat=True).first()


def test_months_lost_after_the_month_of_death():
    assert months_lost(2025, None) == 0
    assert months_lost(2025, datetime.date(2025, 6, 15)) == 6  # July–December
    assert months_lost(2025, datetime.date(2025, 12, 31)) == 0
    assert months_lost(2025, datetime.date(2024, 3, 1)) == 12
    assert months_lost(2025, datetime.date(2026, 1, 1)) == 0


def test_interest_definition_stops_at_the_month_of_death():
    rate = InterestRate(rate_percent=Decimal("2.62"), rounding="half_up", month_rule="after_value_month")
    # opening 1,000 for January–June (6 months), 300 paid in March for April–June (3 months):
    # (1000 × 6 + 300 × 3) × 2.62 ÷ 1200 = 6900 × 2.62 ÷ 1200 = 15.065 → 15.07
    assert interest_on(opening=Decimal("1000"), movements=[(datetime.date(2025, 3, 2), Decimal("300"))],
                       posting=rate, lost=6) == Decimal("15.07")
    # the living: (1000 × 12 + 300 × 9) × 2.62 ÷ 1200 = 14700 × 2.62 ÷ 1200 = 32.095 → 32.10
    assert interest_on(opening=Decimal("1000"), movements=[(datetime.date(2025, 3, 2), Decimal("300"))],
                       posting=rate) == Decimal("32.10")
    # money paid after the month of death earns nothing (not a negative amount)
    assert interest_on(opening=Decimal(0), movements=[(datetime.date(2025, 8, 1), Decimal("300"))],
                       posting=rate, lost=6) == Decimal("0.00")


def test_a_dead_residents_account_earns_interest_only_to_the_month_of_death(two_accounts, officer):
    assert interest_post_year(actor=officer, year=2024).status == "succeeded"
    assert interest_post_year(actor=officer, year=2025).status == "succeeded"
    assert _interest(two_accounts["王老伯"], 2025) == Decimal("15.07")
    assert _interest(two_accounts["李大嫂"], 2025) == Decimal("32.10")


def test_no_interest_at_all_in_the_years_after_death(two_accounts, officer, monkeypatch):
    from funds.interest import posting as posting_module

    monkeypatch.setattr(posting_module, "_today", lambda: datetime.date(2027, 2, 1))
    interest_rate_set(actor=officer, year=2026, rate_percent=Decimal("2.00"), rounding="half_up",
                      month_rule="after_value_month")
    for year in (2024, 2025, 2026):
        assert interest_post_year(actor=officer, year=year).status == "succeeded"
    assert _interest(two_accounts["王老伯"], 2026) is None
    # the living: (1300 + 32.10) × 2 % = 26.642 → 26.64
    assert _interest(two_accounts["李大嫂"], 2026) == Decimal("26.64")


def test_the_portable_engine_stops_at_the_month_of_death_too(two_accounts, officer, monkeypatch):
    """SQLite's engine (Decimal in Python) gives the same figures as PostgreSQL's."""
    from funds.interest import posting as posting_module

    monkeypatch.setattr(posting_module, "connection", types.SimpleNamespace(vendor="sqlite"))
    interest_post_year(actor=officer, year=2024)
    interest_post_year(actor=officer, year=2025)
    assert _interest(two_accounts["王老伯"], 2025) == Decimal("15.07")
    assert _interest(two_accounts["李大嫂"], 2025) == Decimal("32.10")


def test_a_reversal_takes_back_only_the_interest_posted_before_the_death(make_resident, village_a, officer,
                                                                          make_contribution):
    """300 paid 2 March 2025 by a resident who died 15 June 2025: 2025 posted 300 × 3 × 2.62 ÷ 1200 = 1.965 →
    1.97 (April–June), and the reversal takes back exactly that, not a full year's 5.90."""
    from funds.services import account_reverse
    from funds.tests.ledger import credit_contribution

    interest_rate_set(actor=officer, year=2025, rate_percent=Decimal("2.62"), rounding="half_up",
                      month_rule="after_value_month")
    dead = make_resident(village_a, name="赵故", death_date=datetime.date(2025, 6, 15), enrolled=True)
    paid = make_contribution(dead, paid_on=datetime.date(2025, 3, 2), personal="300.00", year=2025,
                             status="approved")
    credit_contribution(contribution=paid, actor=officer)
    interest_post_year(actor=officer, year=2025)
    account = IndividualAccount.objects.get(resident=dead)
    assert _interest(account, 2025) == Decimal("1.97")
    entries = account_reverse(actor=officer, source_kind="contribution", source_id=paid.pk, reason="错误",
                              on_date=datetime.date(2026, 2, 1))
    assert [e.amount for e in entries if e.component == "interest"] == [Decimal("-1.97")]
