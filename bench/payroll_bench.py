"""Benchmark of the monthly pension payroll (issue 12). Prints figures beside their target and floor; asserts
nothing about time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python bench/payroll_bench.py [--recipients 60000] [--small]

Everything happens in ONE transaction that is rolled back at the end, so it runs on any migrated database (the
county's areas are loaded if missing). It writes, by set-based SQL: N residents aged 60-85 across the county's
villages, an individual account each with 10 yearly credits, and N recipients (already paid through last month).
Then it times:

1. ``payroll_generate`` for this month (one line per recipient, account balances read from funds, totals,
   recipients' paid_through moved): target < 20 s; floor: ONE ``INSERT … SELECT`` writing the same number of
   lines straight from the recipients (no balances, no flags);
2. the bank file (``benefits.bankfile.write_xlsx``: query + openpyxl write_only): target < 10 s; floor: openpyxl
   write_only writing the same rows already in memory; and the CSV file.

``EXPLAIN=1`` prints the plan of the generating statement first. ``--small``: 3,000 recipients (CI; finishes well under a minute).
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

from figures import figure

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pension.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from pension.models import Area, AreaLevel, Post, User  # noqa: E402


class Rollback(Exception):
    pass


FILL = """
WITH v AS (
    SELECT id, township_id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
    FROM pension_area WHERE level = 'village'
)
INSERT INTO enrollment_resident (name, id_number, gender, birth_date, ethnicity, hukou_address, township_id,
    village_id, hardship, phone, bank_account, enrolment_status, registered_at, name_search)
SELECT '测试' || g, 'B' || lpad(g::text, 17, '0'), CASE WHEN g %% 2 = 0 THEN 'F' ELSE 'M' END,
       DATE '1941-01-01' + (g * 37 %% 9000), '汉族', '', v.township_id, v.id, 'none', '',
       '6230' || lpad(g::text, 15, '0'), 'active', now(), ''
FROM generate_series(1, %(n)s) AS g
JOIN v ON v.k = g %% v.n
RETURNING id
"""

ACCOUNTS = """
INSERT INTO funds_individualaccount (resident_id, township_id, opened_on)
SELECT id, township_id, DATE '2012-01-01' FROM enrollment_resident WHERE id_number LIKE 'B%%';
INSERT INTO funds_accountentry (account_id, year, value_date, component, kind, amount, created_at)
SELECT a.id, y, make_date(y, 6, 1), c, 'credit', CASE c WHEN 'personal' THEN 300 ELSE 60 END, now()
FROM funds_individualaccount a JOIN enrollment_resident r ON r.id = a.resident_id AND r.id_number LIKE 'B%%'
CROSS JOIN generate_series(2012, 2016) AS y CROSS JOIN unnest(ARRAY['personal', 'subsidy_provincial']) AS c;
"""

RECIPIENTS = """
INSERT INTO benefits_recipient (resident_id, township_id, village_id, natural_village_id, status, monthly_amount,
    basic_amount, basic_national, basic_provincial, basic_county, extra, account_amount, start_month,
    paid_through, stop_reason, created_at)
SELECT id, township_id, village_id, NULL, 'active', 193 + 13.81, 193, 163, 20, 10, 0, 13.81,
       DATE '2020-01-01', %(last)s, '', now()
FROM enrollment_resident WHERE id_number LIKE 'B%%'
"""

FLOOR = """
INSERT INTO benefits_payrollline (payroll_id, recipient_id, township_id, village_id, first_month, last_month,
    months, basic_national, basic_provincial, basic_county, extra, account_part, fund_part, arrears, amount,
    change_flag, no_award, status, failure_reason)
SELECT %(payroll)s, r.id, r.township_id, r.village_id, %(month)s, %(month)s, 1, r.basic_national,
       r.basic_provincial, r.basic_county, r.extra, r.account_amount, 0, 0, r.monthly_amount, false,
       r.award_id IS NULL, 'pending', ''
FROM benefits_recipient r WHERE r.status = 'active'
"""


def line(label, seconds, target=None, floor=None):
    parts = [f"{label:<34} {seconds:8.2f} s"]
    if target is not None:
        parts.append(f"target < {target:.0f} s ({'met' if seconds < target else 'MISSED'})")
    if floor is not None:
        parts.append(f"floor {floor:.2f} s (× {seconds / floor:.1f})" if floor else "floor n/a")
    print("   ".join(parts))
    if target is not None:
        figure(f"benefits: {label} (s)", f"< {target:.0f}", seconds, floor or None)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--recipients", type=int, default=60_000)
    p.add_argument("--small", action="store_true", help="3,000 recipients")
    args = p.parse_args()
    n = 3_000 if args.small else args.recipients
    from benefits import bankfile, services
    from benefits.models import Payroll, PayrollLine, Recipient
    from benefits.months import add_months
    from pension.services import areas_load_county

    month = timezone.localdate().replace(day=1)
    print(f"payroll bench: {n:,} recipients, month {month:%Y-%m}, database "
          f"{settings.DATABASES['default']['NAME']} ({connection.vendor}), {datetime.datetime.now():%Y-%m-%d %H:%M}")
    try:
        with transaction.atomic():
            county = Area.objects.filter(level=AreaLevel.COUNTY).first() or areas_load_county(
                code=settings.PENSION_COUNTY_CODE)
            maker = User.objects.create(username="bench_payroll_maker", post=Post.COUNTY_OFFICER, area=county)
            with connection.cursor() as c:
                # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at COMMIT, which a rolled-back
                # benchmark never reaches. Checked at once, generation and floor both pay for them.
                c.execute("SET CONSTRAINTS ALL IMMEDIATE")
            t = time.perf_counter()
            with connection.cursor() as c:
                c.execute(FILL, {"n": n})
                c.execute(ACCOUNTS)
                c.execute(RECIPIENTS, {"last": add_months(month, -1)})
                c.execute("ANALYZE enrollment_resident; ANALYZE funds_accountentry; ANALYZE benefits_recipient")
            print(f"set-up (residents, accounts, recipients): {time.perf_counter() - t:.1f} s, "
                  f"{Recipient.objects.count():,} recipients in the database")

            # Floor first, in a savepoint rolled back: the same number of lines by one INSERT … SELECT.
            sid = transaction.savepoint()
            floor_payroll = Payroll.objects.create(month=month, batch=1, maker=maker)
            t = time.perf_counter()
            with connection.cursor() as c:
                c.execute(FLOOR, {"payroll": floor_payroll.pk, "month": month})
                floor_rows = c.rowcount
            gen_floor = time.perf_counter() - t
            transaction.savepoint_rollback(sid)

            if os.environ.get("EXPLAIN"):
                from benefits.services.payroll import AFTER_SQL, GENERATE_SQL
                from funds.selectors import account_balances_sql

                sid = transaction.savepoint()
                p0 = Payroll.objects.create(month=month, batch=1, maker=maker)
                with connection.cursor() as c:
                    c.execute("EXPLAIN ANALYZE " + GENERATE_SQL.replace("{balances}", account_balances_sql(
                        residents_sql="SELECT resident_id FROM benefits_recipient")),
                              {"payroll": p0.pk, "month": month, "previous": add_months(month, -1), "alert": 10})
                    print("\n".join(r[0] for r in c.fetchall()))
                    for statement in AFTER_SQL.split(";"):
                        if statement.strip():
                            c.execute("EXPLAIN ANALYZE " + statement, {"payroll": p0.pk})
                            print("\n".join(r[0] for r in c.fetchall()))
                transaction.savepoint_rollback(sid)
            t = time.perf_counter()
            payroll = services.payroll_generate(actor=maker, month=month)
            generate = time.perf_counter() - t
            lines = PayrollLine.objects.filter(payroll=payroll).count()
            print(f"lines: {lines:,} (floor wrote {floor_rows:,})")
            line("payroll generated", generate, 20, gen_floor)

            with tempfile.TemporaryFile() as f:
                t = time.perf_counter()
                written = bankfile.write_xlsx(f, payroll)
                xlsx = time.perf_counter() - t
                size = f.tell()
            t = time.perf_counter()
            rows = list(bankfile.bank_rows(payroll))
            print(f"(bank file query alone: {time.perf_counter() - t:.2f} s)")
            with tempfile.TemporaryFile() as f:
                t = time.perf_counter()
                wb = Workbook(write_only=True)
                ws = wb.create_sheet("floor")
                ws.append(bankfile.HEADERS)
                for row in rows:
                    ws.append(row)
                wb.save(f)
                xlsx_floor = time.perf_counter() - t
            line(f"bank file .xlsx ({written:,} rows, {size / 1e6:.1f} MB)", xlsx, 10, xlsx_floor)
            with tempfile.TemporaryFile("w+", encoding="utf-8") as f:
                t = time.perf_counter()
                bankfile.write_csv(f, payroll)
                line("bank file .csv", time.perf_counter() - t)
            raise Rollback
    except Rollback:
        print("rolled back: the database is as it was")


if __name__ == "__main__":
    main()
