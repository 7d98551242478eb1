"""Benchmark of quotas and progress (issue 4). Prints its figures; asserts nothing about time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pension_bench python bench/progress_bench.py [--year Y] [--rollback]

1. one full progress computation (``progress_compute``: three GROUP BY queries, roll-up, write of one day's
   snapshots), target < 30 s;
2. the same per-village aggregate as ONE hand-written SQL query, timed against the ORM's reads, with the ratio
   (and a check that both give the same figures);
3. the county dashboard page and the progress API, p95 of server time over N requests through Django's
   test client (in-process: middleware, views, templates, serialisation, no network), target < 150 ms. They
   read snapshots, so a 150-day campaign of daily snapshots is written first (in the transaction).

It runs on the county `make bench` builds (bench/build_bench_db.sh): its residents, enrolments and contributions
are the ones every other benchmark reads, so no benchmark seeds a county of its own. On ``pension_bench`` (or
with ``--rollback``) everything the benchmark writes happens in one transaction that is rolled back at the end.
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
    WHERE year = %(year)s AND status IN ('entered', 'returned', 'approved')
    GROUP BY resident_id
), prev AS (
    SELECT DISTINCT resident_id FROM collection_contribution
    WHERE year = %(prev)s AND status IN ('entered', 'returned', 'approved')
), newe AS (
    SELECT DISTINCT resident_id FROM enrollment_enrollment WHERE enrolled_on BETWEEN %(y0)s AND %(y1)s
), pensioners AS (
    SELECT DISTINCT resident_id FROM benefits_recipient WHERE status <> 'stopped'
)
SELECT r.village_id,
       COUNT(*) FILTER (WHERE r.enrolment_status = 'active')
           + COUNT(pn.resident_id) FILTER (WHERE r.enrolment_status <> 'active') AS enrolled,
       COUNT(*) FILTER (WHERE r.enrolment_status = 'active' AND r.birth_date BETWEEN %(b0)s AND %(b1)s)
           AS newly_of_age,
       COUNT(p.resident_id) AS paying,
       COUNT(p.resident_id) FILTER (WHERE pr.resident_id IS NOT NULL) AS renewals,
       COUNT(*) FILTER (WHERE r.enrolment_status = 'active' AND r.birth_date BETWEEN %(a0)s AND %(a1)s) AS payable,
       COUNT(p.resident_id) FILTER (WHERE r.enrolment_status = 'active' AND r.birth_date BETWEEN %(a0)s AND %(a1)s)
           AS paying_payable,
       COALESCE(SUM(p.amount), 0) AS amount,
       COUNT(n.resident_id) AS new_enrollees
FROM enrollment_resident r
LEFT JOIN pay p ON p.resident_id = r.id
LEFT JOIN prev pr ON pr.resident_id = p.resident_id
LEFT JOIN newe n ON n.resident_id = r.id
LEFT JOIN pensioners pn ON pn.resident_id = r.id
GROUP BY r.village_id
"""


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
    parser.add_argument("--year", type=int, default=timezone.localdate().year)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rollback", action="store_true", help="roll back everything this run writes")
    parser.add_argument("--small", action="store_true", help="10 requests per page (CI)")
    args = parser.parse_args()
    if args.small:
        args.requests = 10
    db = connection.settings_dict["NAME"]
    shared = db == "pension_bench"
    if connection.vendor != "postgresql":
        sys.exit("run this against PostgreSQL (DATABASE_URL)")
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
    try:
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
            # The rules as progress applies them: pensioners count as enrolled, only ages 16-59 can be unpaid.
            params = {"year": y, "prev": y - 1, "y0": datetime.date(y, 1, 1), "y1": datetime.date(y, 12, 31),
                      "b0": datetime.date(y - 60, 1, 1), "b1": datetime.date(y - 60, 12, 31),
                      "a0": datetime.date(y - 59, 1, 1), "a1": datetime.date(y - 16, 12, 31)}
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
            enrolled, of_age, paying, renewals, payable, paying_payable, amount, new_enrollees = h
            ours = (r["enrolled"], r["newly_of_age"], r["paying"], r["renewals"], r["amount"], r["new_enrollees"],
                    r["unpaid"])
            theirs = (enrolled, of_age, paying, renewals, amount, new_enrollees, payable - paying_payable)
            mismatches += ours != theirs
        print(f"aggregate reads, ORM (the selectors' GROUP BY queries + roll-up): {orm * 1000:.0f} ms (best of 3)")
        print(f"aggregate, one hand-written SQL query:              {sql * 1000:.0f} ms (best of 3)")
        print(f"ratio ORM / hand SQL: {orm / sql:.2f}   villages that differ: {mismatches}")
        if mismatches:  # the figures the county reads are wrong, or this query no longer says what they mean
            raise SystemExit(f"{mismatches} villages differ between progress_compute and the hand-written query")

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
