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


def test_the_demo_plants_a_recipient_paying_a_contribution_for_a_year_of_the_pension(county, make_recipient,
                                                                                     village_a):
    """The narrowed rule "contribution by a recipient" has its case in the demo's red-flag list: a recipient
    whose pension was already paid pays a normal contribution for a year of the pension."""
    from collection.models import Contribution

    recipient = make_recipient(village_a, name="领取人", start_month=datetime.date(2026, 1, 1),
                               paid_through=datetime.date(2026, 9, 1))
    staff = seed_staff(county=county)
    summary = seed_audit(county=county, residents=0, rng=random.Random(1), staff=staff,
                         today=datetime.date(2026, 10, 2))
    contribution = Contribution.objects.get(resident=recipient.resident)
    assert (contribution.year, contribution.kind, contribution.paid_on) == (2026, "normal", datetime.date(2026, 10, 2))
    flag = RedFlag.objects.get(rule="grade_change_for_recipient")
    assert flag.key == f"contribution#{contribution.pk}"
    assert "a contribution by a recipient" in summary
    assert not RedFlag.objects.filter(rule="missing_receipts").exists()
