"""Demo targets for the demo county: one responsibility agreement per township, from its registered residents,
then today's progress snapshots. Demo only. To use it, list ``progress.demo.seed_targets`` last in
``settings.DEMO_SEEDERS`` (after the residents and any contributions)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from enrollment import selectors as enrollment_selectors
from pension.models import Area, AreaLevel
from pension.oplog import log_operation
from pension.posts import Post

from .models import Target
from .services import progress_compute


def already_seeded() -> bool:
    return Target.objects.exists()


def seed_targets(*, county: Area, residents: int, rng, staff, stdout=None, year: int | None = None) -> str:
    year = year or timezone.localdate().year
    officer = next((u for u in staff if u.post == Post.COUNTY_OFFICER), None)
    adult_before = datetime.date(year - 16, 12, 31)
    counts = enrollment_selectors.resident_counts_by_township(adults_born_by=adult_before)
    rows = []
    for township in Area.objects.filter(level=AreaLevel.TOWNSHIP, parent=county).order_by("code"):
        c = counts.get(township.id, {"adults": 0, "enrolled": 0})
        # The survey finds most adults eligible; the agreement asks for 90% enrolled and 90% of those paying,
        # with a township-by-township spread so the ranking has something to show.
        eligible = int(c["adults"] * rng.uniform(0.80, 0.90))
        enrol = min(eligible, int(eligible * 0.9))
        paying = min(enrol, int(max(c["enrolled"], enrol) * rng.uniform(0.80, 0.95)))
        rows.append(Target(year=year, area=township, township=township, enrolment_target=enrol,
                           paying_target=paying, amount_target=Decimal(paying * 300), eligible=eligible,
                           created_by=officer))
    with transaction.atomic():
        Target.objects.bulk_create(rows)
        log_operation(actor=None, action="demo.seed_targets", obj=county, after={"year": year, "targets": len(rows)},
                      area=county)
    run = progress_compute(year=year)
    return f"{len(rows)} township targets for {year}; progress run #{run.pk} wrote {run.rows} snapshot rows"
