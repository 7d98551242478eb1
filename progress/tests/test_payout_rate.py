"""The payout rate (发放率): of the eligible residents on the year's newly-of-age lists, the share receiving a
pension, in each village's, township's and the county's snapshot and on the dashboard."""

import datetime
from decimal import Decimal

import pytest

from benefits.models import DueEntry, Recipient
from progress.models import Snapshot
from progress.services import progress_compute

pytestmark = pytest.mark.django_db


def test_payout_rate_counts_eligible_newly_of_age_and_those_paid(make_resident, make_recipient, village_a,
                                                                   web, officer):
    year = datetime.date.today().year
    month = datetime.date(year, 3, 1)
    paid = make_recipient(village_a, birth=datetime.date(year - 60, 3, 5), start_month=datetime.date(year, 4, 1))
    waiting = make_resident(village_a, birth=datetime.date(year - 60, 3, 9))
    missing = make_resident(village_a, birth=datetime.date(year - 60, 3, 20))
    for resident, verdict in ((paid.resident, "awarded"), (waiting, "eligible"), (missing, "missing_years")):
        DueEntry.objects.create(month=month, resident=resident, township_id=resident.township_id,
                                village_id=resident.village_id, verdict=verdict, years_paid=15, years_required=15)
    assert Recipient.objects.count() == 1
    progress_compute(year=year)
    village = Snapshot.objects.get(year=year, area=village_a, current=True)
    assert (village.due_eligible, village.due_awarded, village.payout_rate) == (2, 1, Decimal("50.00"))
    county = Snapshot.objects.get(year=year, level="county", current=True)
    assert county.payout_rate == Decimal("50.00")
    page = web(officer).get(f"/progress/?year={year}").content.decode()
    assert 'id="payout-rate"' in page and "1 / 2" in page
