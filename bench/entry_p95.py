"""Contribution entry: server time of each step of the clerk's loop (lookup, re-price, save), p50/p95/max.

Runs against DATABASE_URL (default pension_bench, built by `make bench`) (500,000 residents, ~2,000,000 contributions).
Everything it writes happens inside one transaction that is rolled back at the end.

    .venv/bin/python bench/entry_p95.py [N]
"""

import os
import random
import sys
import time

import _setup  # noqa: F401  (Django set-up)
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from figures import figure, small

from collection.models import LIVE_STATUSES, Contribution
from enrollment.models import Resident
from pension.models import User

SMALL = small()
N = int(sys.argv[1]) if len(sys.argv) > 1 else (30 if SMALL else 300)


def main():
    print(_setup.scale())
    clerk = User.objects.get(username="clerk_a")
    paid = Contribution.objects.filter(year=2026, status__in=LIVE_STATUSES, township_id=clerk.area_id)
    candidates = list(
        # Of paying age (16-59): from 60 no yearly contribution is taken.
        Resident.objects.filter(township_id=clerk.area_id, enrolment_status="active",
                                birth_date__gte=timezone.localdate().replace(month=1, day=1, year=timezone.localdate().year - 59))
        .exclude(pk__in=paid.values("resident_id")).values_list("pk", "id_number")[:5000]
    )
    random.Random(7).shuffle(candidates)
    people = candidates[:N]
    print(f"{len(people)} unpaid enrolled residents of {clerk.area.name} entered by {clerk}")
    client = Client()
    client.force_login(clerk)
    times = {"lookup": [], "amounts": [], "save": []}
    queries = {"lookup": 0, "amounts": 0, "save": 0}
    try:
        with transaction.atomic():
            for i, (pk, number) in enumerate(people):
                # confirm_grade: the clerk has checked a grade that differs from last year's (one more key).
                form = {"resident": pk, "year": 2026, "grade": "500.00", "channel": "cash", "confirm_grade": "500.00"}
                html = timed(client, times, queries, i, "lookup", "/collection/entry/lookup/", {"id_number": number})
                timed(client, times, queries, i, "amounts", "/collection/entry/amounts/", form)
                form.update(receipt_number=client_receipt(html), paid_on=timezone.localdate().isoformat())
                html = timed(client, times, queries, i, "save", "/collection/entry/save/", form)
                assert "saved-message" in html, [line for line in html.splitlines() if "error" in line][:5] or html[:500]
            raise _setup.Rollback
    except _setup.Rollback:
        pass
    all_times = [t for v in times.values() for t in v]
    print(f"{'step':<8} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for step, values in times.items():
        print(f"{step:<8} {len(values):>5} {_setup.percentile(values, 50):>8.1f} {_setup.percentile(values, 95):>8.1f} "
              f"{max(values):>8.1f} {queries[step] / max(len(values), 1):>8.1f}")
    print(f"{'all':<8} {len(all_times):>5} {_setup.percentile(all_times, 50):>8.1f} "
          f"{_setup.percentile(all_times, 95):>8.1f} {max(all_times):>8.1f}")
    print("target: p95 < 50 ms per request (server time, Django test client in-process)")
    figure("entry: p95 per request (ms)", "< 50", _setup.percentile(all_times, 95))
    print("rolled back: nothing written")


def timed(client, times, queries, i, step, url, data) -> str:
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        r = client.post(url, data, HTTP_HX_REQUEST="true")
        elapsed = (time.perf_counter() - t0) * 1000
    assert r.status_code == 200, (step, r.status_code)
    if i >= 5:  # warm-up excluded
        times[step].append(elapsed)
        if elapsed > 500 and os.environ.get("SLOW"):
            print(f"slow {step} #{i}: {elapsed:.0f} ms; slowest queries:",
                  sorted(((float(q["time"]), q["sql"][:90]) for q in ctx.captured_queries), reverse=True)[:2])
        queries[step] += len(ctx.captured_queries)
    return r.content.decode()


def client_receipt(html: str) -> str:
    marker = 'id="f-receipt" name="receipt_number" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


if __name__ == "__main__":
    main()
