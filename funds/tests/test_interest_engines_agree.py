"""Both posting engines (the set-based one on PostgreSQL, the portable one of SQLite) give `interest_on`, the
definition written out, for random entries, rates, rules, interest dates and a death; posting twice = once."""

import datetime
import types
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollment.models import Resident
from funds.interest import interest_on, interest_run_execute, months_lost
from funds.models import AccountEntry, InterestPosting, InterestRate, InterestRun
from funds.services import interest_post_year, interest_rate_set, interest_run_request
from pension.errors import Conflict

day_2024 = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2024, 12, 31))
day_2025 = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2025, 12, 31))
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("6000"), places=2)
# A reversal may count for interest from an earlier day than its value date (the reversed credit's own value
# date, `interest_from`): days_earlier > 0 moves its interest date back by that many days.
movement = st.tuples(st.integers(0, 4), st.one_of(day_2024, day_2025), money,
                     st.sampled_from(["credit", "credit", "credit", "reversal", "payout"]),
                     st.one_of(st.just(0), st.integers(1, 500)))


def _interest_day(day, kind, days_earlier):
    """The day an entry counts from for interest: a reversal's interest date, never before 1 January 2024."""
    if kind != "reversal" or not days_earlier:
        return None
    return max(datetime.date(2024, 1, 1), day - datetime.timedelta(days=days_earlier))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    movements=st.lists(movement, min_size=1, max_size=25),
    rate24=st.decimals(min_value=Decimal("0.5"), max_value=Decimal("8"), places=4),
    rate25=st.decimals(min_value=Decimal("0.5"), max_value=Decimal("8"), places=4),
    rounding=st.sampled_from(["half_up", "down", "half_even"]),
    rule=st.sampled_from(["after_value_month", "including_value_month", "mid_month"]),
    engine=st.sampled_from(["postgresql", "sqlite"]),
    death=st.one_of(st.none(), day_2024, day_2025),
)
def test_bulk_posting_equals_the_definition_and_posting_twice_equals_once(
    accounts, officer, movements, rate24, rate25, rounding, rule, engine, death
):
    """Both engines (the set-based one on PostgreSQL, the portable one of SQLite) give `interest_on` for every
    account: entries counted from their interest date, the last account's resident possibly dead."""
    from funds.interest import posting as posting_module

    vendor = types.SimpleNamespace(vendor="sqlite") if engine == "sqlite" else posting_module.connection
    with transaction.atomic(), mock.patch.object(posting_module, "connection", vendor):
        Resident.objects.filter(pk=accounts[4].resident_id).update(death_date=death)
        _posting_equals_definition(accounts, officer, movements, rate24, rate25, rounding, rule, death)
        transaction.set_rollback(True)


def _posting_equals_definition(accounts, officer, movements, rate24, rate25, rounding, rule, death):
    for year, rate in ((2024, rate24), (2025, rate25)):
        interest_rate_set(actor=officer, year=year, rate_percent=rate, rounding=rounding, month_rule=rule)
    counted = []  # (account index, interest date, signed amount)
    for index, day, amount, kind, days_earlier in movements:
        signed = amount if kind == "credit" else -amount
        interest_day = _interest_day(day, kind, days_earlier)
        AccountEntry.objects.create(account=accounts[index], year=day.year, value_date=day, kind=kind,
                                    interest_from=interest_day,
                                    component="personal" if kind != "credit" else "subsidy_county", amount=signed)
        counted.append((index, interest_day or day, signed))
    rates = {y: InterestRate.objects.get(year=y) for y in (2024, 2025)}
    expected, balances = {}, {a.pk: Decimal(0) for a in accounts}
    for year in (2024, 2025):
        for index, account in enumerate(accounts):
            moves = [(d, m) for i, d, m in counted if i == index and d.year == year]
            lost = months_lost(year, death) if index == 4 else 0
            earned = interest_on(opening=balances[account.pk], movements=moves, posting=rates[year], lost=lost)
            expected[(account.pk, year)] = earned
            balances[account.pk] += sum((m for _d, m in moves), Decimal(0)) + earned
    for year in (2024, 2025):
        run = interest_post_year(actor=officer, year=year)
        assert run.status == "succeeded", run.error
    posted = {(e.account_id, e.year): e.amount for e in AccountEntry.objects.filter(kind="interest")}
    assert posted == {k: v for k, v in expected.items() if v}
    # posting twice = once: a second run of a posted year finds the posting and changes nothing
    before = list(AccountEntry.objects.order_by("id").values_list("id", "amount"))
    rerun = InterestRun.objects.create(year=2025, requested_by=officer)
    assert interest_run_execute(run_id=rerun.pk).status == "skipped"
    with pytest.raises(Conflict):
        interest_run_request(actor=officer, year=2025)
    assert list(AccountEntry.objects.order_by("id").values_list("id", "amount")) == before
    totals = InterestPosting.objects.get(year=2025)
    assert totals.total_interest == sum((v for (_a, y), v in expected.items() if y == 2025), Decimal(0))
