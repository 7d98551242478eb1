"""Audit benchmark: every red-flag rule over the county, and drawing a quarter's samples.

Targets (issue 14): all rules over a 500,000-resident county with a year of payrolls < 60 s; a quarter's samples
< 5 s. Reads DATABASE_URL. If the database holds fewer residents than asked, it is seeded first with
`manage.py seed_demo` (an empty database is needed then). `--small` uses 3,000 residents (CI, under a minute once
seeded).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pension_bench .venv/bin/python bench/audit_bench.py [--small]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from figures import figure  # noqa: E402  (bench/figures.py: one line per figure for run_all)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pension.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from audit.quarters import previous_quarter  # noqa: E402
from audit.services import flag_run_execute  # noqa: E402
from audit.services.plans import plan_create  # noqa: E402
from enrollment.models import Resident  # noqa: E402


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--residents", type=int, default=None)
    args = parser.parse_args()
    residents = args.residents or (3000 if args.small else 500_000)
    have = Resident.objects.count()
    if have < residents * 0.9:
        t = time.perf_counter()
        call_command("seed_demo", residents=residents, if_empty=True)
        print(f"seeded {residents} residents in {time.perf_counter() - t:.1f} s")
    have = Resident.objects.count()
    t = time.perf_counter()
    run = flag_run_execute()
    rules = time.perf_counter() - t
    year, quarter = previous_quarter(timezone.localdate())
    t = time.perf_counter()
    try:
        with transaction.atomic():
            from audit.models import AuditPlan

            AuditPlan.objects.filter(year=year, quarter=quarter).update(year=1900 + quarter)
            plan = plan_create(actor=None, year=year, quarter=quarter, sample_size=5)
            samples = plan.samples.count()
            raise Rollback
    except Rollback:
        pass
    draw = time.perf_counter() - t
    print(f"county: {have} residents; flags found {sum(run.counts.values())}: {run.counts}")
    print(f"{'measure':<34}{'figure':>10}{'target':>10}{'floor':>10}")
    print(f"{'all red-flag rules (s)':<34}{rules:>10.2f}{'< 60':>10}{'60':>10}")
    print(f"{'a quarter samples drawn (s)':<34}{draw:>10.2f}{'< 5':>10}{'5':>10}   ({samples} records)")
    figure("audit: all red-flag rules (s)", "< 60", rules)
    figure("audit: a quarter's samples drawn (s)", "< 5", draw)


if __name__ == "__main__":
    main()
