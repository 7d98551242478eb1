"""Issue 10 item 4: a death recorded after its year's interest was posted takes back the interest paid for the
months after the month of death. Figures by hand.

王老伯 has 1,000.00 from 31 December 2024 and 300.00 paid 2 March 2025; 2025 at 2.62 %, 2026 at 2.00 %, half up,
months after the value month. He died on 15 June 2025, but the death certificate reached the township only after
the county posted 2025 as for the living:
  posted:  (1000 × 12 + 300 × 9) × 2.62 ÷ 1200 = 14700 × 2.62 ÷ 1200 = 32.095 → 32.10
  owed:    (1000 × 6 + 300 × 3) × 2.62 ÷ 1200 = 6900 × 2.62 ÷ 1200 = 15.065 → 15.07 (January–June)
  so confirming the death takes back 32.10 − 15.07 = 17.03.
"""

import datetime
from decimal import Decimal

import pytest

from enrollment import terminations
from enrollment.tests.terminating import death_certificate
from funds.interest import interest_run_execute
from funds.interest import posting as posting_module
from funds.models import AccountEntry, Component, EntryKind, IndividualAccount, InterestRun, SourceKind
from funds.selectors import account_statement
from funds.services import interest_post_year, interest_rate_set, interest_take_back_after_death
from pension.models import OperationLog

pytestmark = pytest.mark.django_db

DIED = datetime.date(2025, 6, 15)


@pytest.fixture
def wang(make_resident, village_a, officer):
    for year, rate in ((2024, "2.62"), (2025, "2.62"), (2026, "2.00")):
        interest_rate_set(actor=officer, year=year, rate_percent=Decimal(rate), rounding="half_up",
                          month_rule="after_value_month")
    resident = make_resident(village_a, name="王老伯", enrolled=True)
    account = IndividualAccount.objects.create(resident=resident, township_id=village_a.township_id,
                                               opened_on=datetime.date(2024, 12, 31))
    for day, amount in ((datetime.date(2024, 12, 31), "1000.00"), (datetime.date(2025, 3, 2), "300.00")):
        AccountEntry.objects.create(account=account, year=day.year, value_date=day, kind="credit",
                                    component="personal", amount=Decimal(amount))
    return resident


def _post(officer, monkeypatch, *years):
    for year in years:
        monkeypatch.setattr(posting_module, "_today", lambda year=year: datetime.date(year + 1, 2, 1))
        run = interest_post_year(actor=officer, year=year)
        assert run.status == "succeeded", run.error


def _record_death(resident, clerk, officer, *, on=DIED, reason="death"):
    req = terminations.termination_request(actor=clerk, enrollment=resident.enrollments.get(), reason=reason,
                                           terminated_on=on, evidence="死亡医学证明 No.2025-0615",
                                           evidence_file=death_certificate() if reason == "death" else None)
    terminations.termination_confirm(actor=officer, request=req)


def _take_backs(resident):
    return list(AccountEntry.objects.filter(account__resident=resident, source_kind=SourceKind.DEATH))


def _interest(resident, year):
    return AccountEntry.objects.filter(account__resident=resident, kind=EntryKind.INTEREST, year=year).values_list(
        "amount", flat=True).first()


def test_a_death_recorded_after_the_posting_takes_back_the_interest_after_the_month_of_death(
        wang, clerk_a, officer, monkeypatch):
    _post(officer, monkeypatch, 2024, 2025)
    assert _interest(wang, 2025) == Decimal("32.10")
    _record_death(wang, clerk_a, officer)
    [taken] = _take_backs(wang)
    assert (taken.component, taken.kind, taken.amount) == (Component.INTEREST, EntryKind.REVERSAL, Decimal("-17.03"))
    assert taken.source_id == wang.pk
    # dated the day it is written, counting for interest at the end of the posted year it corrects
    assert taken.interest_from == datetime.date(2025, 12, 31)
    log = OperationLog.objects.get(action="account.interest_after_death")
    assert log.after["amount"] == "-17.03" and log.after["death_date"] == "2025-06-15"
    # the year-end record of the year it is written shows it as interest taken back, not as principal
    statement = account_statement(resident=wang, year=taken.value_date.year)
    assert (statement.interest, statement.principal) == (Decimal("-17.03"), Decimal("0.00"))


def test_the_take_back_is_written_once_whatever_runs_again(wang, clerk_a, officer, monkeypatch):
    _post(officer, monkeypatch, 2024, 2025)
    _record_death(wang, clerk_a, officer)
    # the service again (a second signal), the 2025 posting again, and the next year's posting
    assert interest_take_back_after_death(actor=officer, resident_id=wang.pk, death_date=DIED) is None
    rerun = InterestRun.objects.create(year=2025, requested_by=officer)
    assert interest_run_execute(run_id=rerun.pk).status == "skipped"
    _post(officer, monkeypatch, 2026)
    assert [e.amount for e in _take_backs(wang)] == [Decimal("-17.03")]
    assert _interest(wang, 2026) is None  # nothing at all in the years after death
    assert OperationLog.objects.filter(action="account.interest_after_death").count() == 1
    total = sum(AccountEntry.objects.filter(account__resident=wang).values_list("amount", flat=True))
    assert total == Decimal("1315.07")  # 1,300 paid in + the 15.07 owed for January–June 2025


def test_a_death_recorded_after_two_postings_takes_back_the_later_year_whole(wang, clerk_a, officer, monkeypatch):
    """2026 was posted too, as for the living: (1300 + 32.10) × 2.00 % = 26.642 → 26.64, none of it owed."""
    _post(officer, monkeypatch, 2024, 2025, 2026)
    assert _interest(wang, 2026) == Decimal("26.64")
    _record_death(wang, clerk_a, officer)
    assert [e.amount for e in _take_backs(wang)] == [Decimal("-43.67")]  # 17.03 + 26.64
    assert _take_backs(wang)[0].interest_from == datetime.date(2026, 12, 31)


def test_a_death_recorded_before_the_posting_needs_no_take_back(wang, clerk_a, officer, monkeypatch):
    _post(officer, monkeypatch, 2024)
    _record_death(wang, clerk_a, officer)
    assert _take_backs(wang) == []
    _post(officer, monkeypatch, 2025)
    assert _interest(wang, 2025) == Decimal("15.07")
    assert _take_backs(wang) == []


def test_a_death_in_a_year_not_yet_posted_takes_nothing_back(wang, clerk_a, officer, monkeypatch):
    _post(officer, monkeypatch, 2024, 2025)
    _record_death(wang, clerk_a, officer, on=datetime.date(2026, 3, 1))
    assert _take_backs(wang) == []


def test_a_transfer_out_takes_no_interest_back(wang, clerk_a, officer, monkeypatch):
    _post(officer, monkeypatch, 2024, 2025)
    _record_death(wang, clerk_a, officer, reason="transfer_out")
    assert _take_backs(wang) == []


def test_a_death_in_december_loses_no_month(wang, clerk_a, officer, monkeypatch):
    _post(officer, monkeypatch, 2024, 2025)
    _record_death(wang, clerk_a, officer, on=datetime.date(2025, 12, 20))
    assert _take_backs(wang) == []


def test_a_reversal_after_the_posting_and_a_later_death_take_back_each_fen_once(
        wang, clerk_a, officer, monkeypatch):
    """A further 600 paid 2 March 2025 (source 9201), reversed 10 February 2026 after 2025 was posted as for the
    living, then the death recorded. 2025 posted (1000 × 12 + 900 × 9) × 2.62 ÷ 1200 = 20100 × 2.62 ÷ 1200 = 43.885
    → 43.89; the reversal took back 600 × 9 × 2.62 ÷ 1200 = 11.79; what is owed is still 15.07, so the death takes
    back 43.89 − 11.79 − 15.07 = 17.03, as without the 600."""
    from funds.services import account_credit, account_reverse

    account_credit(actor=officer, resident=wang, township_id=wang.township_id, value_date=datetime.date(2025, 3, 2),
                   amounts=[(Component.PERSONAL, Decimal("600.00"))], source_kind=SourceKind.CONTRIBUTION,
                   source_id=9201, for_year=2025)
    _post(officer, monkeypatch, 2024, 2025)
    assert _interest(wang, 2025) == Decimal("43.89")
    reversal = account_reverse(actor=officer, source_kind=SourceKind.CONTRIBUTION, source_id=9201, reason="重复",
                               on_date=datetime.date(2026, 2, 10))
    assert [e.amount for e in reversal if e.component == Component.INTEREST] == [Decimal("-11.79")]
    _record_death(wang, clerk_a, officer)
    assert [e.amount for e in _take_backs(wang)] == [Decimal("-17.03")]
