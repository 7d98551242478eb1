import datetime
import random

import pytest

from audit.demo import seed_audit
from audit.models import AuditPlan, Finding, RedFlag, SpotCheckAnswer
from pension.demo import seed_staff

pytestmark = pytest.mark.django_db


def test_the_demo_gives_last_quarters_plan_half_filled_two_findings_and_planted_flags(county, make_resident,
                                                                                      village_a):
    r = make_resident(village_a, name="演示人", enrolled=True)
    staff = seed_staff(county=county)
    summary = seed_audit(county=county, residents=0, rng=random.Random(1), staff=staff,
                         today=datetime.date(2026, 10, 2))
    plan = AuditPlan.objects.get()
    assert (plan.year, plan.quarter) == (2026, 3)
    expected = sum(s.area.items.count() for s in plan.samples.all())
    assert SpotCheckAnswer.objects.count() == expected // 2
    assert sorted(Finding.objects.values_list("status", flat=True)) == ["raised", "rectifying"]
    assert RedFlag.objects.filter(rule="key_data_without_request").exists()
    r.refresh_from_db()
    assert "planted" in summary
