"""Benchmark: yearly interest posting for 200,000 individual accounts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/interest_posting.py \
        [--accounts 200000]

Creates, inside one transaction that is rolled back at the end (nothing stays in the database), N residents
with one account each and about 4.5 entries per account (2024: personal + county subsidy; 2025: personal,
central subsidy and, for a third of them, a collective subsidy; a few reversals), then times:
  1. posting 2024 (N accounts, in-year money only),
  2. posting 2025 (N accounts, opening balances + in-year money) — the headline figure,
  3. posting 2025 again (must change nothing),
and checks 200 random accounts against the reference formula `funds.interest.interest_on`.
Target (issue 3): under 30 s for 200,000 accounts on PostgreSQL.

With --existing it creates nothing and instead posts, in order, every finished year of the accounts already
in the database (e.g. a copy of the shared benchmark database: 500,000 residents, ~260,000 accounts,
7.7 million entries 2012–2026), entering a 2.5% rate for years that have none; also rolled back.
"""

import argparse
import datetime
import io
import os
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

from figures import figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pension.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from enrollment.models import Resident  # noqa: E402
from funds.interest import interest_on  # noqa: E402
from funds.models import AccountEntry, IndividualAccount, InterestPosting, InterestRate  # noqa: E402
from funds.services import interest_post_year  # noqa: E402
from pension import idnumber  # noqa: E402
from pension.errors import Conflict  # noqa: E402
from pension.models import Area, AreaLevel  # noqa: E402
from pension.services import areas_load_county  # noqa: E402


class Rollback(Exception):
    pass


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def copy_entries(rows):
    """COPY on PostgreSQL (seconds for a million rows), bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        AccountEntry.objects.bulk_create(
            [AccountEntry(account_id=a, year=d.year, value_date=d, component=c, kind=k, amount=m)
             for a, d, c, k, m in rows], batch_size=5000)
        return
    buf = io.StringIO()
    now = datetime.datetime.now(datetime.UTC).isoformat()
    for a, d, c, k, m in rows:
        buf.write(f"{a}\t{d.year}\t{d.isoformat()}\t{c}\t{k}\t{m}\t{now}\n")
    buf.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            "COPY funds_accountentry (account_id, year, value_date, component, kind, amount, created_at) "
            "FROM STDIN", buf)


def random_day(rng, year):
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--existing", action="store_true", help="post the years of the data already there")
    parser.add_argument("--small", action="store_true", help="3,000 accounts (CI)")
    opts = parser.parse_args()
    if opts.small:
        opts.accounts = 3_000
    if opts.existing:
        return existing()
    n, rng = opts.accounts, random.Random(opts.seed)
    print(f"database: {connection.vendor} {settings.DATABASES['default'].get('NAME')}; accounts: {n:,}")
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            county = areas_load_county(code=settings.PENSION_COUNTY_CODE)
            villages = list(Area.objects.filter(level=AreaLevel.VILLAGE, township__parent=county)
                            .values_list("id", "township_id"))
            taken = set(Resident.objects.values_list("id_number", flat=True))
            residents, seen = [], set()
            first_birth = datetime.date(1950, 1, 1)
            while len(residents) < n:
                birth = first_birth + datetime.timedelta(days=rng.randrange(20000))
                number = idnumber.build(settings.PENSION_COUNTY_CODE, birth, rng.randrange(1000))
                if number in seen or number in taken:
                    continue
                seen.add(number)
                village_id, township_id = rng.choice(villages)
                residents.append(Resident(name="测试", id_number=number, gender="M", birth_date=birth,
                                          township_id=township_id, village_id=village_id,
                                          enrolment_status="active"))
            Resident.objects.bulk_create(residents, batch_size=5000)
            accounts = IndividualAccount.objects.bulk_create(
                [IndividualAccount(resident_id=r.pk, township_id=r.township_id, opened_on=datetime.date(2024, 1, 1))
                 for r in residents], batch_size=5000)
            rows = []
            grades = [Decimal(g) for g in ("100", "200", "300", "500", "800", "1000", "1500", "2000")]
            for a in accounts:
                d24 = random_day(rng, 2024)
                rows.append((a.pk, d24, "personal", "credit", rng.choice(grades)))
                rows.append((a.pk, d24, "subsidy_county", "credit", Decimal("40.00")))
                d25 = random_day(rng, 2025)
                personal = rng.choice(grades)
                rows.append((a.pk, d25, "personal", "credit", personal))
                rows.append((a.pk, d25, "subsidy_central", "credit", Decimal("30.00")))
                if rng.random() < 0.33:
                    rows.append((a.pk, d25, "collective", "credit", Decimal("50.00")))
                if rng.random() < 0.01:
                    rows.append((a.pk, d25 + datetime.timedelta(days=20), "personal", "reversal", -personal))
            copy_entries(rows)
            setup = time.perf_counter() - t0
            print(f"setup: {n:,} residents, {n:,} accounts, {len(rows):,} entries in {setup:.1f} s")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE funds_accountentry")

            # A database with older money (the benchmark county) must have its earlier years posted first, as the
            # rules require; that is set-up, not timed.
            first = AccountEntry.objects.order_by("value_date").values_list("value_date", flat=True).first()
            for year in range(first.year, 2024):
                if not InterestPosting.objects.filter(year=year).exists():
                    InterestRate.objects.get_or_create(year=year, defaults={"rate_percent": Decimal("1.50")})
                    interest_post_year(actor=None, year=year)
            figures = {}
            for label, year in (("post 2024", 2024), ("post 2025", 2025)):
                t = time.perf_counter()
                run = interest_post_year(actor=None, year=year)
                figures[label] = time.perf_counter() - t
                assert run.status == "succeeded", run.error
                print(f"{label}: {figures[label]:.2f} s — {run.accounts:,} accounts, {run.entries:,} interest "
                      f"entries, total ¥{run.total_interest:,}")
            t = time.perf_counter()
            try:
                interest_post_year(actor=None, year=2025)
                print("post 2025 again: UNEXPECTED, it ran")
            except Conflict:
                print(f"post 2025 again: refused as already posted in {time.perf_counter() - t:.3f} s (no change)")

            # Check a sample against the reference formula.
            rates = {y: InterestRate.objects.get(year=y) for y in (2024, 2025)}
            sample = rng.sample(accounts, min(200, n))
            for account in sample:
                entries = list(AccountEntry.objects.filter(account=account).exclude(kind="interest"))
                posted = {e.year: e.amount for e in AccountEntry.objects.filter(account=account, kind="interest")}
                i24 = interest_on(opening=Decimal(0), movements=[(e.value_date, e.amount) for e in entries
                                                                 if e.value_date.year == 2024], posting=rates[2024])
                opening = sum((e.amount for e in entries if e.value_date.year == 2024), Decimal(0)) + i24
                i25 = interest_on(opening=opening, movements=[(e.value_date, e.amount) for e in entries
                                                              if e.value_date.year == 2025], posting=rates[2025])
                assert posted.get(2024, Decimal(0)) == i24 and posted.get(2025, Decimal(0)) == i25, (
                    account.pk, posted, i24, i25, [(e.value_date, e.kind, e.amount) for e in entries])
            print(f"checked {len(sample)} random accounts against the reference formula: all equal")
            figure(f"interest posting of {n:,} accounts (s)", "< 30 (200,000 accounts)", figures["post 2025"])
            print(f"RESULT interest posting of {n:,} accounts (opening balances + in-year money): "
                  f"{figures['post 2025']:.2f} s (target < 30 s); peak RSS {peak_mb():.0f} MB")
            raise Rollback
    except Rollback:
        print("rolled back: nothing left in the database")


def existing():
    from django.utils import timezone

    entries = AccountEntry.objects.count()
    print(f"database: {connection.vendor} {settings.DATABASES['default'].get('NAME')}; "
          f"{IndividualAccount.objects.count():,} accounts, {entries:,} entries (existing data)")
    first = AccountEntry.objects.order_by("value_date").values_list("value_date", flat=True).first()
    last_year = timezone.localdate().year - 1
    try:
        with transaction.atomic():
            for year in range(first.year, last_year + 1):
                InterestRate.objects.get_or_create(year=year, defaults={"rate_percent": Decimal("2.5")})
                t = time.perf_counter()
                run = interest_post_year(actor=None, year=year)
                elapsed = time.perf_counter() - t
                assert run.status == "succeeded", run.error
                print(f"post {year}: {elapsed:6.2f} s — {run.accounts:,} accounts, {run.entries:,} interest entries, "
                      f"total ¥{run.total_interest:,}")
            t = time.perf_counter()
            try:
                interest_post_year(actor=None, year=last_year)
            except Conflict:
                print(f"post {last_year} again: refused as already posted in {time.perf_counter() - t:.3f} s")
            print(f"RESULT interest posting of {run.accounts:,} accounts for {last_year} over {entries:,} entries: "
                  f"{elapsed:.2f} s (target < 30 s for 200,000 accounts)")
            raise Rollback
    except Rollback:
        print("rolled back: nothing left in the database")


if __name__ == "__main__":
    main()
