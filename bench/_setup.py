"""Shared set-up for the collection benchmarks: Django on the chosen database."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pension.settings")
# Measure what production runs: no debug (cached templates, no query recording).
os.environ.setdefault("DJANGO_DEBUG", "false")
# The database comes from the environment (bench/run_all.py sets it); pension_bench on this host otherwise.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/" + os.environ.get("BENCH_DB", "pension_bench"))

import django  # noqa: E402

django.setup()


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def scale() -> str:
    from collection.models import Contribution
    from enrollment.models import Resident

    return (f"database {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}: {Resident.objects.count():,} residents, "
            f"{Contribution.objects.count():,} contributions")


class Rollback(Exception):
    pass
