"""The two engines that post a year's interest: one INSERT … SELECT through a temporary table on PostgreSQL,
an aggregated query with Decimal rounding in Python and bulk_create elsewhere (SQLite)."""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Case, DateField, DecimalField, F, IntegerField, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from enrollment import selectors as enrollment_selectors
from pension.bulk import insert_rows

from ..models import (
    AccountEntry,
    Component,
    EntryKind,
    IndividualAccount,
    MonthRule,
    RoundingMode,
)
from .rule import months_held, months_lost, round_interest

WEIGHTED = DecimalField(max_digits=20, decimal_places=2)


def _with_interest_day(queryset, *, selected: bool = False):
    """The day each entry counts from for interest: `interest_from` (a reversal counting from the reversed
    credit's value date), else its value date. `selected`: an annotation to read, not only an alias."""
    interest_day = Coalesce("interest_from", "value_date", output_field=DateField())
    return queryset.annotate(interest_day=interest_day) if selected else queryset.alias(interest_day=interest_day)


def _months_expression(rule: str):
    month = ExtractMonth("interest_day")
    if rule == MonthRule.AFTER_VALUE_MONTH:
        return Value(12) - month
    if rule == MonthRule.INCLUDING_VALUE_MONTH:
        return Value(13) - month
    if rule == MonthRule.MID_MONTH:
        return Case(
            When(interest_day__day__lte=15, then=Value(13) - month),
            default=Value(12) - month,
            output_field=IntegerField(),
        )
    raise ValueError(f"unknown month rule {rule!r}")


def weighted_sums(*, year: int, month_rule: str) -> list[tuple[int, Decimal]]:
    """(account id, B × 12 + Σ amount × h) for every account with money up to the year's end: one query. Entries
    count from their interest day (`interest_from`, else the value date)."""
    jan1, dec31 = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    weighted = Sum(
        Case(
            When(interest_day__lt=jan1, then=F("amount") * Value(12)),
            default=F("amount") * _months_expression(month_rule),
            output_field=WEIGHTED,
        ),
        output_field=WEIGHTED,
    )
    rows = (
        _with_interest_day(AccountEntry.objects).filter(interest_day__lte=dec31)
        .exclude(kind=EntryKind.INTEREST, value_date__gte=jan1)
        .values("account_id")
        .annotate(weighted=weighted)
        .order_by("account_id")
        .values_list("account_id", "weighted")
    )
    return list(rows)


def lost_months_by_account(*, year: int) -> dict[int, int]:
    """{account id: months of `year` it earns nothing} for the accounts of residents who died by the year's
    end (issue 10 item 4, `months_lost`). Deaths are few: one query to enrollment, one to the accounts."""
    deaths = enrollment_selectors.death_dates(died_by=datetime.date(year, 12, 31))
    if not deaths:
        return {}
    lost = {}
    for account_id, resident_id in IndividualAccount.objects.filter(resident_id__in=list(deaths)).values_list(
            "id", "resident_id"):
        months = months_lost(year, deaths[resident_id])
        if months:
            lost[account_id] = months
    return lost


def _weighted_of_dead(*, year: int, month_rule: str, lost: dict[int, int]) -> dict[int, Decimal]:
    """The weighted sum of each dead resident's account, entry by entry (the definition, `interest_on`)."""
    jan1, dec31 = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    result = {account_id: Decimal(0) for account_id in lost}
    rows = (_with_interest_day(AccountEntry.objects, selected=True)
            .filter(account_id__in=list(lost), interest_day__lte=dec31)
            .exclude(kind=EntryKind.INTEREST, value_date__gte=jan1).values_list("account_id", "interest_day", "amount"))
    for account_id, day, amount in rows:
        months = 12 if day < jan1 else months_held(day, month_rule)
        result[account_id] += Decimal(amount) * max(0, months - lost[account_id])
    return result


def _insert_interest_python(*, year, rate, posting, actor) -> tuple[int, int, Decimal]:
    """Portable path (SQLite): one aggregated query, Decimal rounding in Python, the entries written by
    pension.bulk (one prepared INSERT over all rows; bulk_create spent most of a demo year preparing instances)."""
    dec31 = datetime.date(year, 12, 31)
    rate_percent = Decimal(rate.rate_percent)
    accounts = entries = 0
    total = Decimal("0.00")
    rows = []
    now, actor_id, posting_id = timezone.now(), getattr(actor, "pk", None), getattr(posting, "pk", None)
    lost = lost_months_by_account(year=year)
    dead = _weighted_of_dead(year=year, month_rule=rate.month_rule, lost=lost) if lost else {}
    for account_id, weighted in weighted_sums(year=year, month_rule=rate.month_rule):
        accounts += 1
        weighted = dead.get(account_id, weighted)
        # Multiply before dividing: weighted × r is exact, so only the one division can round, and
        # 540 yuan × 5 months at 2.62% is exactly 5.895 → 5.90 (dividing r by 1200 first gives 5.8949…).
        interest = round_interest(Decimal(weighted) * rate_percent / 1200, rate.rounding)
        if not interest:
            continue
        rows.append((account_id, year, dec31, Component.INTEREST.value, EntryKind.INTEREST.value, interest, "",
                     None, None, now, actor_id, posting_id))
        entries += 1
        total += interest
    insert_rows(AccountEntry, ENTRY_COLUMNS, rows)
    return accounts, entries, total


ENTRY_COLUMNS = ["account_id", "year", "value_date", "component", "kind", "amount", "source_kind", "source_id",
                 "for_year", "created_at", "created_by_id", "posting_id"]


SQL_MONTHS = {
    MonthRule.AFTER_VALUE_MONTH: "(12 - EXTRACT(MONTH FROM value_date))",
    MonthRule.INCLUDING_VALUE_MONTH: "(13 - EXTRACT(MONTH FROM value_date))",
    MonthRule.MID_MONTH: "(CASE WHEN EXTRACT(DAY FROM value_date) <= 15 THEN 13 ELSE 12 END"
                         " - EXTRACT(MONTH FROM value_date))",
}
# PostgreSQL's ROUND(numeric) rounds half away from zero and TRUNC goes toward zero, exactly like Python's
# ROUND_HALF_UP and ROUND_DOWN; half-to-even is written out on the cent digit.
SQL_ROUNDING = {
    RoundingMode.HALF_UP: "ROUND(raw, 2)",
    RoundingMode.DOWN: "TRUNC(raw, 2)",
    RoundingMode.HALF_EVEN: "(CASE WHEN ABS(raw * 100 - TRUNC(raw * 100)) = 0.5"
                            " THEN (TRUNC(raw * 100) + CASE WHEN MOD(TRUNC(raw * 100), 2) = 0 THEN 0"
                            " ELSE SIGN(raw) END) / 100 ELSE ROUND(raw, 2) END)",
}
# The year's interest per account goes into a temporary table first: CREATE TABLE AS may scan and aggregate
# the entries with parallel workers, which an INSERT … SELECT never does on PostgreSQL 15.
INTEREST_TABLE_SQL = """
CREATE TEMPORARY TABLE funds_interest_run ON COMMIT DROP AS
WITH lost AS (
    SELECT * FROM unnest(%(lost_accounts)s::bigint[], %(lost_months)s::integer[]) AS l(account_id, months)
), weighted AS (
    SELECT e.account_id,
           SUM(CASE WHEN value_date < %(jan1)s THEN amount * (12 - COALESCE(l.months, 0))
                    ELSE amount * GREATEST(0, {months} - COALESCE(l.months, 0)) END) AS weighted
      FROM (SELECT account_id, kind, amount, COALESCE(interest_from, value_date) AS value_date  -- interest date
              FROM funds_accountentry) e
      LEFT JOIN lost l ON l.account_id = e.account_id
     WHERE value_date <= %(dec31)s AND NOT (kind = 'interest' AND value_date >= %(jan1)s)
     GROUP BY e.account_id
), raw AS (
    SELECT account_id, weighted * %(rate)s / 1200 AS raw FROM weighted
)
SELECT account_id, ({rounding})::numeric(14, 2) AS interest FROM raw
"""
INSERT_SQL = """
INSERT INTO funds_accountentry
       (account_id, year, value_date, component, kind, amount, created_at, created_by_id, posting_id)
SELECT account_id, %(year)s, %(dec31)s, 'interest', 'interest', interest, NOW(), %(actor)s, %(posting)s
  FROM funds_interest_run
 WHERE interest <> 0
"""
TOTALS_SQL = """
SELECT COUNT(*), COUNT(*) FILTER (WHERE interest <> 0), COALESCE(SUM(interest), 0) FROM funds_interest_run
"""


def _insert_interest_sql(*, year, rate, posting, actor) -> tuple[int, int, Decimal]:
    """PostgreSQL path: the whole year as one aggregate and one INSERT … SELECT (the same formula, rounding in
    the database; the tests compare it with `interest_on` under every rule)."""
    lost = lost_months_by_account(year=year)
    params = {
        "jan1": datetime.date(year, 1, 1), "dec31": datetime.date(year, 12, 31), "year": year,
        "rate": Decimal(rate.rate_percent), "actor": getattr(actor, "pk", None), "posting": posting.pk,
        # A dead resident's account stops earning after the month of death (issue 10 item 4): the few such
        # accounts are passed as two arrays and joined (a small hash join; the living have no row).
        "lost_accounts": list(lost), "lost_months": list(lost.values()),
    }
    with connection.cursor() as cursor:
        # Enough memory for the per-account hash aggregate (about 100 bytes an account), for this
        # transaction only, instead of spilling to disk at the default 4 MB.
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(INTEREST_TABLE_SQL.format(months=SQL_MONTHS[rate.month_rule],
                                                 rounding=SQL_ROUNDING[rate.rounding]), params)
        cursor.execute(INSERT_SQL, params)
        cursor.execute(TOTALS_SQL)
        accounts, entries, total = cursor.fetchone()
        cursor.execute("DROP TABLE funds_interest_run")
        cursor.execute("SET LOCAL work_mem TO DEFAULT")
    return int(accounts), int(entries), Decimal(total).quantize(Decimal("0.01"))
