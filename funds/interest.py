"""Yearly interest on individual accounts (记账利率结息).

Every parameter comes from the year's `InterestRate` row and is copied onto the `InterestPosting`, so a
posted year can always be recomputed from what it says about itself.

Definitions
- r: the year's annual book rate, in percent (`rate_percent`).
- Opening balance B: the sum of every entry whose value date is before 1 January of the year (credits,
  reversals, payouts, and the interest of earlier years, which is dated 31 December of its year).
- Movements: every other entry whose value date falls in the year: credits count plus, reversals and
  payouts minus. The year's own interest is not a movement.
- Months held h(v) of a movement with value date v (month m, day d), by the year's month rule:
    * after_value_month (default): h = 12 − m. Money credited in March earns April to December, 9 months;
      money credited in December earns nothing this year and a full year from next year's opening balance.
    * including_value_month: h = 13 − m (March → 10 months, December → 1 month).
    * mid_month: h = 13 − m when d ≤ 15, else 12 − m.
- Interest of an account for the year = round((B × 12 + Σ amount × h) × r ÷ 100 ÷ 12) to the cent, by the
  year's rounding rule (half up, down, or half to even), rounded ONCE per account and year, never per
  entry. So a full-year opening balance earns B × r, and money credited during the year earns
  amount × h × r ÷ 12, exactly as the national rules describe.
- The interest entry is dated 31 December of the year, component and kind "interest". A zero result
  writes no entry (the account is still counted as processed).

Idempotency
- One `InterestPosting` per year (unique) and at most one year-end interest entry per account and year
  (a unique constraint on the entries). The posting locks the year's rate row first, so two runs at the
  same time are serialised and the second one finds the posting and changes nothing (status "skipped").
- Every attempt leaves an `InterestRun` (requested, started, finished, accounts, entries, total, error),
  visible to the county on the interest page.

Order
- A year is posted only after it has ended, with its rate entered, and after the previous year was posted
  whenever money was in accounts before it (that interest belongs to this year's opening balance).
- The rate row of a posted year can no longer change.

Speed
- No query per account. On PostgreSQL the year is one aggregate over the entries (GROUP BY account, rounding
  in SQL, into a temporary table, so the scan may use parallel workers) and one INSERT … SELECT; elsewhere
  (SQLite) one aggregated query, Decimal rounding in Python and bulk_create in batches. Both are tested
  against `interest_on`, the definition written out. See bench/interest_posting.py.
"""

import datetime
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Case, DecimalField, F, IntegerField, Sum, Value, When
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict
from pension.money import CENT
from pension.oplog import log_operation, snapshot
from pension.permissions import has_post
from pension.queue import enqueue_on_commit

from .models import (
    AccountEntry,
    Component,
    EntryKind,
    InterestPosting,
    InterestRate,
    InterestRun,
    MonthRule,
    RoundingMode,
    RunStatus,
)
from .permissions import INTEREST_POSTERS

ROUNDING = {
    RoundingMode.HALF_UP: ROUND_HALF_UP,
    RoundingMode.DOWN: ROUND_DOWN,
    RoundingMode.HALF_EVEN: ROUND_HALF_EVEN,
}
BATCH_SIZE = 5000
WEIGHTED = DecimalField(max_digits=20, decimal_places=2)


def months_held(value_date: datetime.date, rule: str) -> int:
    m = value_date.month
    if rule == MonthRule.AFTER_VALUE_MONTH:
        return 12 - m
    if rule == MonthRule.INCLUDING_VALUE_MONTH:
        return 13 - m
    if rule == MonthRule.MID_MONTH:
        return 13 - m if value_date.day <= 15 else 12 - m
    raise ValueError(f"unknown month rule {rule!r}")


def round_interest(raw: Decimal, rounding: str) -> Decimal:
    return raw.quantize(CENT, rounding=ROUNDING[rounding])


def interest_on(*, opening: Decimal, movements, posting) -> Decimal:
    """One account's interest for a year, straight from the definition (the reference the bulk posting is
    tested against). `movements` are (value_date, amount) pairs inside the year; `posting` is anything
    with rate_percent, rounding and month_rule (an InterestRate or an InterestPosting)."""
    weighted = Decimal(opening) * 12 + sum(
        (Decimal(amount) * months_held(day, posting.month_rule) for day, amount in movements), Decimal(0)
    )
    return round_interest(weighted * Decimal(posting.rate_percent) / 1200, posting.rounding)


def _months_expression(rule: str):
    month = ExtractMonth("value_date")
    if rule == MonthRule.AFTER_VALUE_MONTH:
        return Value(12) - month
    if rule == MonthRule.INCLUDING_VALUE_MONTH:
        return Value(13) - month
    if rule == MonthRule.MID_MONTH:
        return Case(
            When(value_date__day__lte=15, then=Value(13) - month),
            default=Value(12) - month,
            output_field=IntegerField(),
        )
    raise ValueError(f"unknown month rule {rule!r}")


def weighted_sums(*, year: int, month_rule: str) -> list[tuple[int, Decimal]]:
    """(account id, B × 12 + Σ amount × h) for every account with money up to the year's end: one query."""
    jan1, dec31 = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    weighted = Sum(
        Case(
            When(value_date__lt=jan1, then=F("amount") * Value(12)),
            default=F("amount") * _months_expression(month_rule),
            output_field=WEIGHTED,
        ),
        output_field=WEIGHTED,
    )
    rows = (
        AccountEntry.objects.filter(value_date__lte=dec31)
        .exclude(kind=EntryKind.INTEREST, value_date__gte=jan1)
        .values("account_id")
        .annotate(weighted=weighted)
        .order_by("account_id")
        .values_list("account_id", "weighted")
    )
    return list(rows)


def _today() -> datetime.date:
    return timezone.localdate()


def _check_can_post(year: int) -> InterestRate:
    if year >= _today().year:
        raise ValidationError(
            {"year": _("The year %(year)s has not ended; its interest is posted after 31 December.") % {"year": year}}
        )
    rate = InterestRate.objects.filter(year=year).first()
    if rate is None:
        raise ValidationError({"year": _("No interest rate is entered for %(year)s.") % {"year": year}})
    if (
        not InterestPosting.objects.filter(year=year - 1).exists()
        and AccountEntry.objects.filter(value_date__lt=datetime.date(year, 1, 1)).exists()
    ):
        raise ValidationError(
            {"year": _("Post the interest of %(previous)s first: it is part of %(year)s's opening balance.")
             % {"previous": year - 1, "year": year}}
        )
    return rate


def _require_poster(actor) -> None:
    # actor None is the operator's management command (shell access to the server).
    if actor is not None and not has_post(actor, INTEREST_POSTERS):
        raise PermissionDenied(_("Only the county business section posts interest."))


RATE_FIELDS = ["year", "rate_percent", "rounding", "month_rule", "source"]


@transaction.atomic
def interest_rate_set(
    *, actor, year: int, rate_percent: Decimal, rounding: str, month_rule: str, source: str = ""
) -> InterestRate:
    """Enter or correct a year's rate. Refused once the year is posted."""
    if not has_post(actor, INTEREST_POSTERS):
        raise PermissionDenied(_("Only the county business section enters interest rates."))
    errors = {}
    if not 2000 <= int(year) <= 2100:
        errors["year"] = _("Enter a year between 2000 and 2100.")
    rate_percent = Decimal(rate_percent)
    if not Decimal(0) <= rate_percent < Decimal(20):
        errors["rate_percent"] = _("The annual rate is a percentage between 0 and 20.")
    elif rate_percent.as_tuple().exponent < -4:
        errors["rate_percent"] = _("The annual rate has at most four decimal places.")
    if rounding not in RoundingMode.values:
        errors["rounding"] = _("Unknown rounding rule.")
    if month_rule not in MonthRule.values:
        errors["month_rule"] = _("Unknown month rule.")
    if errors:
        raise ValidationError(errors)
    if InterestPosting.objects.filter(year=year).exists():
        raise Conflict({"year": _("The interest of %(year)s is already posted; its rate can no longer change.")
                        % {"year": year}})
    rate = InterestRate.objects.select_for_update().filter(year=year).first()
    before = snapshot(rate, RATE_FIELDS) if rate else None
    if rate is None:
        rate = InterestRate(year=year)
    rate.rate_percent, rate.rounding, rate.month_rule = rate_percent, rounding, month_rule
    rate.source, rate.updated_by = (source or "").strip()[:200], actor
    rate.save()
    log_operation(actor=actor, action="interest_rate.set", obj=rate, before=before,
                  after=snapshot(rate, RATE_FIELDS))
    return rate


@transaction.atomic
def interest_run_request(*, actor, year: int, enqueue: bool = True) -> InterestRun:
    """Queue the posting of a year's interest (the county officer's button). The Celery task is sent
    after this transaction commits, with the run's id."""
    _require_poster(actor)
    _check_can_post(year)
    posting = InterestPosting.objects.filter(year=year).first()
    if posting is not None:
        raise Conflict({"year": _("The interest of %(year)s was already posted on %(date)s; nothing to do.")
                        % {"year": year, "date": timezone.localtime(posting.posted_at).date().isoformat()}})
    if InterestRun.objects.filter(year=year, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise Conflict({"year": _("The interest of %(year)s is already being posted.") % {"year": year}})
    run = InterestRun.objects.create(year=year, requested_by=actor)
    log_operation(actor=actor, action="interest.request", obj=run, after={"year": year})
    if enqueue:
        enqueue_on_commit("funds.post_interest", run_id=run.pk)
    return run


def interest_run_execute(*, run_id: int) -> InterestRun:
    """Carry out a queued run. Running the same run again does nothing (the task is idempotent)."""
    claimed = InterestRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    run = InterestRun.objects.get(pk=run_id)
    if not claimed:
        return run
    try:
        with transaction.atomic():
            status, accounts, entries, total = _post_year(run)
    except Exception as exc:  # the run records every failure; nothing of the posting was written
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
        InterestRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=message[:2000]
        )
    else:
        InterestRun.objects.filter(pk=run_id).update(
            status=status, finished_at=timezone.now(), accounts=accounts, entries=entries, total_interest=total
        )
    run.refresh_from_db()
    return run


def interest_post_year(*, actor, year: int) -> InterestRun:
    """Request and carry out a posting at once (the management command)."""
    run = interest_run_request(actor=actor, year=year, enqueue=False)
    return interest_run_execute(run_id=run.pk)


def _post_year(run: InterestRun) -> tuple[str, int, int, Decimal]:
    year = run.year
    # Lock the year's rate row: concurrent runs of one year queue here, and the rate cannot change under us.
    InterestRate.objects.select_for_update().filter(year=year).first()
    rate = _check_can_post(year)
    if InterestPosting.objects.filter(year=year).exists():
        return RunStatus.SKIPPED, 0, 0, Decimal("0.00")
    posting = InterestPosting.objects.create(
        year=year, run=run, rate_percent=rate.rate_percent, rounding=rate.rounding, month_rule=rate.month_rule,
        accounts=0, entries=0, total_interest=Decimal("0.00"), posted_by=run.requested_by,
    )
    if connection.vendor == "postgresql":
        accounts, entries, total = _insert_interest_sql(year=year, rate=rate, posting=posting, actor=run.requested_by)
    else:
        accounts, entries, total = _insert_interest_python(year=year, rate=rate, posting=posting,
                                                           actor=run.requested_by)
    posting.accounts, posting.entries, posting.total_interest = accounts, entries, total
    posting.save(update_fields=["accounts", "entries", "total_interest"])
    log_operation(
        actor=run.requested_by,
        action="interest.post",
        obj=posting,
        after={"year": year, "rate_percent": str(rate.rate_percent), "rounding": rate.rounding,
               "month_rule": rate.month_rule, "accounts": accounts, "entries": entries, "total": str(total)},
    )
    return RunStatus.SUCCEEDED, accounts, entries, total


def _insert_interest_python(*, year, rate, posting, actor) -> tuple[int, int, Decimal]:
    """Portable path (SQLite): one aggregated query, Decimal rounding in Python, bulk_create in batches."""
    dec31 = datetime.date(year, 12, 31)
    rate_percent = Decimal(rate.rate_percent)
    accounts = entries = 0
    total = Decimal("0.00")
    batch: list[AccountEntry] = []
    for account_id, weighted in weighted_sums(year=year, month_rule=rate.month_rule):
        accounts += 1
        # Multiply before dividing: weighted × r is exact, so only the one division can round, and
        # 540 yuan × 5 months at 2.62% is exactly 5.895 → 5.90 (dividing r by 1200 first gives 5.8949…).
        interest = round_interest(Decimal(weighted) * rate_percent / 1200, rate.rounding)
        if not interest:
            continue
        batch.append(
            AccountEntry(
                account_id=account_id, year=year, value_date=dec31, component=Component.INTEREST,
                kind=EntryKind.INTEREST, amount=interest, posting=posting, created_by=actor,
            )
        )
        entries += 1
        total += interest
        if len(batch) >= BATCH_SIZE:
            AccountEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        AccountEntry.objects.bulk_create(batch)
    return accounts, entries, total


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
WITH weighted AS (
    SELECT account_id,
           SUM(CASE WHEN value_date < %(jan1)s THEN amount * 12 ELSE amount * {months} END) AS weighted
      FROM funds_accountentry
     WHERE value_date <= %(dec31)s AND NOT (kind = 'interest' AND value_date >= %(jan1)s)
     GROUP BY account_id
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
    params = {
        "jan1": datetime.date(year, 1, 1), "dec31": datetime.date(year, 12, 31), "year": year,
        "rate": Decimal(rate.rate_percent), "actor": getattr(actor, "pk", None), "posting": posting.pk,
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
