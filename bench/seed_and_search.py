"""Benchmark: seed the demo county at full size, then time searching residents by name within a township.

Usage (a fresh, empty PostgreSQL database; the script migrates it):
    createdb -h 127.0.0.1 -U postgres pension_seedbench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pension_seedbench python bench/seed_and_search.py
    dropdb -h 127.0.0.1 -U postgres pension_seedbench

Prints the seed time (target < 5 min for 500,000 residents) and the server time of a name search within one
township, through the selector (count + first page, as a page does) and through the API list view
(request to rendered JSON), as p50/p95 over many queries (target < 50 ms).
Options: --residents N (default 500000), --queries N (default 300), --skip-seed (reuse a seeded database),
--explain (print query plans).
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

from figures import figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pension.settings")


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def report(label, timings_ms):
    print(
        f"{label}: n={len(timings_ms)} p50={statistics.median(timings_ms):.1f} ms "
        f"p95={percentile(timings_ms, 95):.1f} ms max={max(timings_ms):.1f} ms"
    )


def measure(clerk, queries):
    """Time `queries` name searches as this clerk, within their township; return the search terms."""
    from enrollment import selectors
    from enrollment.api import ResidentViewSet
    from enrollment.models import Resident
    from pension.models import Area, AreaLevel

    township = clerk.area
    in_township = Resident.objects.filter(township=township).count()
    townships = Area.objects.filter(level=AreaLevel.TOWNSHIP).count()
    print(f"township {township.code} {township.name}: {in_township} residents ({townships} townships)")

    # What clerks type: a whole name (50%), a surname (20%), the given name (15%), its last character (15%).
    rng = random.Random(7)
    names = list(Resident.objects.filter(township=township).values_list("name", flat=True)[:5000])
    terms = []
    for _ in range(queries):
        name = rng.choice(names)
        kind = rng.random()
        if kind < 0.5:
            terms.append(name)
        elif kind < 0.7:
            terms.append(name[0])
        elif kind < 0.85:
            terms.append(name[1:])
        else:
            terms.append(name[-1])

    from pension.paging import IdFirstPaginator

    def first_page(term):
        # What the residents page does: the selector, then the count and the first page of 50.
        page = IdFirstPaginator(selectors.resident_list(user=clerk, q=term), 50).get_page(1)
        return page.paginator.count, list(page)

    for term in terms[:10]:  # warm up (connection, caches)
        first_page(term)

    timings = []
    for term in terms:
        t0 = time.perf_counter()
        first_page(term)
        timings.append((time.perf_counter() - t0) * 1000)
    report("search by name in a township, selector + paginator (count + first 50 rows)", timings)
    figure(f"name search in {clerk.username}'s township p95 (ms)", "< 50", statistics.quantiles(timings, n=20)[-1])
    by_kind = {"two characters or more": [], "one character": []}
    for term, ms in zip(terms, timings, strict=True):
        by_kind["one character" if len(term) == 1 else "two characters or more"].append(ms)
    for kind, values in by_kind.items():
        if values:
            report(f"  of which {kind}", values)

    from rest_framework.test import APIRequestFactory, force_authenticate

    factory = APIRequestFactory()
    view = ResidentViewSet.as_view({"get": "list"})
    timings = []
    for term in terms:
        request = factory.get("/api/v1/residents/", {"q": term})
        force_authenticate(request, user=clerk)
        t0 = time.perf_counter()
        response = view(request)
        response.render()
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.status_code
    report("search by name in a township, API list view (request → JSON, page of 50)", timings)

    return terms


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print the query plans of two searches")
    parser.add_argument("--small", action="store_true", help="3,000 residents, 30 queries (CI)")
    args = parser.parse_args()
    if args.small:
        args.residents, args.queries = 3_000, 30

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the figures are for PostgreSQL).")

    from enrollment import selectors
    from enrollment.models import Resident
    from pension.models import User

    call_command("migrate", verbosity=0)
    if not args.skip_seed:
        if Resident.objects.exists():
            sys.exit("The database already holds residents: give a fresh database, or --skip-seed.")
        started = time.perf_counter()
        out = io.StringIO()
        call_command("seed_demo", residents=args.residents, seed=2026, stdout=out)
        seconds = time.perf_counter() - started
        print(f"seed_demo --residents {args.residents}: {seconds:.1f} s ({seconds / 60:.2f} min; target < 5 min)")
        for line in out.getvalue().splitlines():  # each app's seeder says what it made and in how long
            if ".demo" in line and "(" in line:
                print("  " + line)
        figure(f"seed_demo {args.residents:,} residents (s)", "< 300 (500,000)", seconds)
        with connection.cursor() as cur:
            # What autovacuum does soon after a bulk load; index-only scans need the visibility map.
            cur.execute("VACUUM ANALYZE enrollment_resident")
    total = Resident.objects.count()
    print(f"residents in the database: {total}")

    # clerk_a's township is the county seat, the biggest (about a fifth of the county); clerk_b's is typical.
    terms = {}
    for username in ("clerk_a", "clerk_b"):
        terms[username] = measure(User.objects.get(username=username), args.queries)
    if args.explain:
        clerk = User.objects.get(username="clerk_a")
        longer = next(t for t in terms["clerk_a"] if len(t) > 1)
        with connection.cursor() as cur:
            for term in (longer, longer[0]):
                qs = selectors.resident_list(user=clerk, q=term).values_list("pk", flat=True)
                sql, params = qs[:50].query.sql_with_params()
                cur.execute("EXPLAIN ANALYZE " + sql, params)
                print(f"plan of the first page's ids for {len(term)} character(s):")
                for (line,) in cur.fetchall():
                    print("   ", line)


if __name__ == "__main__":
    main()
