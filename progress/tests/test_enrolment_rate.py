"""Issue 10 item 10: one enrolment rate (参保率), defined once: enrolled ÷ the survey's eligible population aged 16
and over (the target row's `eligible`), people receiving a pension counted as enrolled."""

from decimal import Decimal

import pytest

from enrollment import selectors as enrollment_selectors
from progress import selectors
from progress.models import Snapshot
from progress.services import progress_compute

pytestmark = pytest.mark.django_db


def test_the_rate_is_enrolled_over_the_surveys_eligible_in_percent():
    assert selectors.enrolment_rate(enrolled=8, eligible=12) == Decimal("66.67")
    assert selectors.enrolment_rate(enrolled=3, eligible=0) is None
    assert selectors.enrolment_rate(enrolled=3, eligible=None) is None


def test_a_pension_recipient_counts_as_enrolled(make_resident, make_recipient, village_a, township_a, officer,
                                               year):
    from progress.models import Target

    make_resident(village_a, name="张在保", enrolled=True)
    make_recipient(village_a, name="李领取")  # receives a pension; never enrolled in the registry
    stopped = make_recipient(village_a, name="王停发")
    stopped.status, stopped.stop_reason = "stopped", "death"
    stopped.stopped_on = stopped.stopped_from = stopped.start_month
    stopped.save(update_fields=["status", "stop_reason", "stopped_on", "stopped_from"])
    Target.objects.create(year=year, area=village_a, township=township_a, enrolment_target=3, paying_target=1,
                          amount_target=Decimal("300.00"), eligible=4, created_by=officer)
    progress_compute(year=year)
    a = Snapshot.objects.get(area=village_a, current=True)
    assert a.enrolled == 2 and a.enrolment_rate == Decimal("50.00")  # 2 of the survey's 4


def test_the_home_panel_no_longer_computes_a_rate_of_its_own(officer):
    assert "rate" not in enrollment_selectors.resident_stats(user=officer)["totals"]
