"""Benchmark of quotas and progress (issue 4). Prints its figures; asserts nothing about time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python bench/progress_bench.py [--seed 500000] [--year Y]

1. one full progress computation (``progress_compute``: three GROUP BY queries, roll-up, write of one day's
   snapshots), target < 30 s;
2. the same per-village aggregate as ONE hand-written SQL query, timed against the ORM's reads, with the ratio
   (and a check that both give the same figures);
3. the county dashboard page and the progress API, p95 of server time over N requests through Django's
   test client (in-process: middleware, views, templates, serialisation, no network), target < 150 ms. They
   read snapshots, so a 150-day campaign of daily snapshots is written first (in the transaction).

``--seed N`` fills an EMPTY database of your own with N residents (about 80% enrolled) and about 4 contributions
per resident over six years, by set-based SQL. It refuses the shared ``pension_bench`` database. On
``pension_bench`` (or with ``--rollback``) everything the benchmark writes happens in one transaction that is
rolled back at the end.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

from figures import figure

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pension.settings")
os.environ.setdefault("AXES_ENABLED", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from pension.models import Area, AreaLevel, Post, User  # noqa: E402

HAND_SQL = """
WITH pay AS (
    SELECT resident_id, SUM(personal_amount) AS amount
    FROM collection_contribution
    WHERE year = %(year)s AND status <> 'reversed'
    GROUP BY resident_id
), prev AS (
    SELECT DISTINCT resident_id FROM collection_contribution WHERE year = %(prev)s AND status <> 'reversed'
), newe AS (
    SELECT DISTINCT resident_id FROM enrollment_enrollment WHERE enrolled_on BETWEEN %(y0)s AND %(y1)s
)
SELECT r.village_id,
       COUNT(*) FILTER (WHERE r.enrolment_status = 'active') AS enrolled,
       COUNT(*) FILTER (WHERE r.enrolment_status = 'active' AND r.birth_date BETWEEN %(b0)s AND %(b1)s)
           AS newly_of_age,
       COUNT(p.resident_id) AS paying,
       COUNT(p.resident_id) FILTER (WHERE pr.resident_id IS NOT NULL) AS renewals,
       COUNT(p.resident_id) FILTER (WHERE r.enrolment_status = 'active') AS paying_enrolled,
       COALESCE(SUM(p.amount), 0) AS amount,
       COUNT(n.resident_id) AS new_enrollees
FROM enrollment_resident r
LEFT JOIN pay p ON p.resident_id = r.id
LEFT JOIN prev pr ON pr.resident_id = p.resident_id
LEFT JOIN newe n ON n.resident_id = r.id
GROUP BY r.village_id
"""


def seed(n: int, year: int) -> None:
    """Set-based fill: residents spread over the villages, enrolments, six years of contributions."""
    from pension.services import areas_load_county

    county = areas_load_county(code=settings.PENSION_COUNTY_CODE)
    maker, _ = User.objects.get_or_create(username="bench_maker", defaults={"post": Post.TOWNSHIP_CLERK,
                                                                           "area": county})
    villages = Area.objects.filter(level=AreaLevel.VILLAGE).count()
    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO enrollment_resident (name, name_search, id_number, gender, birth_date, ethnicity,
                hukou_address, township_id, village_id, natural_village_id, hardship, phone, bank_account,
                enrolment_status, death_date, registered_at, registered_by_id)
            SELECT '居民' || i, '居居居民民民' || i, 'B' || lpad(i::text, 17, '0'), CASE WHEN i %% 2 = 0 THEN 'F' ELSE 'M' END,
                   date '1936-01-01' + ((i::bigint * 7919) %% 32000)::int, '汉族', '', v.township_id, v.id, NULL, 'none', '', '',
                   CASE WHEN i %% 20 < 15 THEN 'active' WHEN i %% 20 = 15 THEN 'terminated' ELSE 'not_enrolled' END,
                   NULL, now(), NULL
            FROM generate_series(1, %(n)s) AS i
            JOIN (SELECT id, township_id, (row_number() OVER (ORDER BY code)) - 1 AS k
                  FROM pension_area WHERE level = 'village') v ON v.k = i %% %(nv)s
        """, {"n": n, "nv": villages})
        cur.execute("""
            INSERT INTO enrollment_enrollment (resident_id, status, enrolled_on, first_month, terminated_on,
                termination_reason, termination_note, created_at, created_by_id)
            SELECT r.id, CASE WHEN r.enrolment_status = 'active' THEN 'active' ELSE 'terminated' END,
                   CASE WHEN r.id %% 10 = 0 THEN make_date(%(year)s, 1, 1) + (r.id %% 150)::int
                        ELSE date '2010-01-01' + (r.id %% 5000)::int END,
                   date '2010-01-01', CASE WHEN r.enrolment_status = 'terminated' THEN date '2025-06-01' END,
                   CASE WHEN r.enrolment_status = 'terminated' THEN 'death' ELSE '' END, '', now(), NULL
            FROM enrollment_resident r WHERE r.enrolment_status IN ('active', 'terminated')
        """, {"year": year})
        cur.execute("""
            INSERT INTO collection_contribution (year, kind, grade, personal_amount, hardship_amount,
                subsidy_central, subsidy_provincial, subsidy_municipal, subsidy_county, collective_amount,
                donation_amount, channel, receipt_number, paid_on, status, made_at, checked_at, return_reason,
                cancel_reason, checker_id, maker_id, resident_id, township_id, village_id, receipt_book_id)
            SELECT y, 'normal', g, g, 0, 30, 10, 5, 5, 0, 0, 'cash', '', make_date(y, 1 + (r.id %% 5)::int, 1),
                   CASE WHEN (r.id + y) %% 100 < 3 THEN 'reversed' WHEN (r.id + y) %% 100 < 8 THEN 'entered'
                        WHEN (r.id + y) %% 100 < 10 THEN 'returned' ELSE 'approved' END,
                   now(), NULL, '', '', NULL, %(maker)s, r.id, r.township_id, r.village_id, NULL
            FROM enrollment_resident r
            CROSS JOIN generate_series(%(first)s, %(year)s) AS y
            CROSS JOIN LATERAL (SELECT (100 * (1 + (r.id + y) %% 10))::numeric(12, 2) AS g) grade
            WHERE r.enrolment_status IN ('active', 'terminated')
              AND ((r.id * 31 + y * 17) %% 100) < CASE WHEN y = %(year)s THEN 62 ELSE 88 END
        """, {"first": year - 5, "year": year, "maker": maker.pk})
        cur.execute("ANALYZE enrollment_resident; ANALYZE enrollment_enrollment; ANALYZE collection_contribution")
    print(f"seeded in {time.perf_counter() - t:.1f} s")


def ensure_progress_tables() -> bool:
    """On a database migrated without this app (the shared one), create its tables inside the benchmark's
    transaction (PostgreSQL DDL is transactional), so the rollback removes them again."""
    if "progress_snapshot" in connection.introspection.table_names():
        return False
    from progress import models as m

    with connection.schema_editor(atomic=False) as editor:
        for model in (m.ProgressRun, m.TargetImport, m.Target, m.Milestone, m.Thresholds, m.Snapshot, m.Bulletin):
            editor.create_model(model)
    return True


def p95(samples):
    return sorted(samples)[max(0, int(round(0.95 * len(samples))) - 1)]


def timed_requests(client, url, n):
    client.get(url)  # warm-up (template and catalogue loading)
    out = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def fake_campaign(year: int, days: int) -> int:
    """Copy today's current snapshots to the previous `days` days (scaled), for a realistic trend read."""
    from progress.models import Snapshot

    today = timezone.localdate()
    rows = list(Snapshot.objects.filter(year=year, day=today, current=True))
    made = []
    for back in range(1, days):
        day = today - datetime.timedelta(days=back)
        if Snapshot.objects.filter(year=year, day=day, current=True).exists():
            continue
        for s in rows:
            s2 = Snapshot(**{f.attname: getattr(s, f.attname) for f in Snapshot._meta.concrete_fields if f.attname != "id"})
            s2.day = day
            s2.paying = int(s.paying * (days - back) / days)
            made.append(s2)
    Snapshot.objects.bulk_create(made, batch_size=5000)
    return len(made)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0, help="fill an empty own database with N residents first")
    parser.add_argument("--year", type=int, default=timezone.localdate().year)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rollback", action="store_true", help="roll back everything this run writes")
    parser.add_argument("--small", action="store_true", help="10 requests per page (CI; seed a few thousand)")
    args = parser.parse_args()
    if args.small:
        args.requests = 10
    db = connection.settings_dict["NAME"]
    shared = db == "pension_bench"
    if connection.vendor != "postgresql":
        sys.exit("run this against PostgreSQL (DATABASE_URL)")
    if args.seed:
        if shared:
            sys.exit("refusing to seed the shared pension_bench database")
        from enrollment.models import Resident

        if Resident.objects.exists():
            sys.exit("the database already holds residents; seed an empty one")
        seed(args.seed, args.year)

    from collection.models import Contribution
    from enrollment.models import Resident
    from progress.services import build_rows, progress_compute

    residents, contributions = Resident.objects.count(), Contribution.objects.count()
    print(f"database {db}: {residents:,} residents, {contributions:,} contributions, "
          f"{Area.objects.filter(level=AreaLevel.VILLAGE).count()} villages; year {args.year}")

    rollback = shared or args.rollback
    atomic = transaction.atomic()
    if rollback:
        atomic.__enter__()
    elif "progress_snapshot" not in connection.introspection.table_names():
        sys.exit("this database lacks the progress tables: migrate it, or run with --rollback")
    try:
        if rollback and ensure_progress_tables():
            print("(progress tables created inside the transaction; the rollback drops them)")
        # 1. one full computation (reads + roll-up + write), as the job runs it
        t = time.perf_counter()
        run = progress_compute(year=args.year, trigger="command")
        full = time.perf_counter() - t
        print(f"full computation: {full:.2f} s ({run.rows} snapshot rows)   target < 30 s")
        figure("progress: full computation (s)", "< 30", full)

        # 2. the ORM's aggregate reads vs one hand-written SQL query
        orm_times, sql_times = [], []
        for _ in range(3):
            t = time.perf_counter()
            rows = build_rows(year=args.year)
            orm_times.append(time.perf_counter() - t)
            y = args.year
            params = {"year": y, "prev": y - 1, "y0": datetime.date(y, 1, 1), "y1": datetime.date(y, 12, 31),
                      "b0": datetime.date(y - 60, 1, 1), "b1": datetime.date(y - 60, 12, 31)}
            t = time.perf_counter()
            with connection.cursor() as cur:
                cur.execute(HAND_SQL, params)
                hand = {r[0]: r[1:] for r in cur.fetchall()}
            sql_times.append(time.perf_counter() - t)
        orm, sql = min(orm_times), min(sql_times)
        mismatches = 0
        for r in rows:
            if r["level"] != "village":
                continue
            h = hand.get(r["area"].id)
            if h is None:
                mismatches += any(r[k] for k in ("enrolled", "paying", "new_enrollees"))
                continue
            enrolled, of_age, paying, renewals, paying_enrolled, amount, new_enrollees = h
            ours = (r["enrolled"], r["newly_of_age"], r["paying"], r["renewals"], r["amount"], r["new_enrollees"],
                    r["unpaid"])
            theirs = (enrolled, of_age, paying, renewals, amount, new_enrollees, enrolled - paying_enrolled)
            mismatches += ours != theirs
        print(f"aggregate reads, ORM (3 GROUP BY queries + roll-up): {orm * 1000:.0f} ms (best of 3)")
        print(f"aggregate, one hand-written SQL query:              {sql * 1000:.0f} ms (best of 3)")
        print(f"ratio ORM / hand SQL: {orm / sql:.2f}   villages that differ: {mismatches}")

        # 3. pages and API read snapshots: give them a 150-day campaign to read
        made = fake_campaign(args.year, 150)
        officer = User.objects.filter(post=Post.COUNTY_OFFICER, is_active=True).first()
        if officer is None:
            county = Area.objects.get(level=AreaLevel.COUNTY)
            officer = User.objects.create(username="bench_officer", post=Post.COUNTY_OFFICER, area=county)
        client = Client()
        client.force_login(officer)
        township = Area.objects.filter(level=AreaLevel.TOWNSHIP).order_by("code").first()
        print(f"({made:,} extra snapshot rows written for the trend; {args.requests} requests each)")
        for label, url in [
            ("dashboard page", f"/progress/?year={args.year}"),
            ("township page (villages)", f"/progress/township/{township.code}/?year={args.year}"),
            ("API progress (townships)", f"/api/v1/progress/?year={args.year}&level=township"),
            ("API progress (villages)", f"/api/v1/progress/?year={args.year}&level=village&parent={township.code}"),
            ("API history (county)", f"/api/v1/progress/history/?year={args.year}&area={settings.PENSION_COUNTY_CODE}"),
        ]:
            samples = timed_requests(client, url, args.requests)
            figure(f"progress: {label} p95 (ms)", "< 150", p95(samples))
            print(f"{label:<28} p50 {statistics.median(samples):6.1f} ms   p95 {p95(samples):6.1f} ms   "
                  f"target p95 < 150 ms")
    finally:
        if rollback:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            print("(rolled back: nothing written)")


if __name__ == "__main__":
    main()
