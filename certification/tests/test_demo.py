import datetime
import random

import pytest
from django.utils import timezone

from benefits.models import Overpayment
from certification import demo
from certification.models import CampaignEntry, MatchCase, Notice, PostingReport

pytestmark = pytest.mark.django_db


def test_demo_certifies_most_finds_deaths_and_posts_a_notice_per_natural_village(
        county, make_recipient, village_a, village_b, clerk_a, clerk_b, officer, officer2, auditor, id_numbers):
    today = timezone.localdate()
    for i in range(40):
        village = [village_a, village_b][i % 2]
        natural = village.children.order_by("code")[i % 2]
        birth = datetime.date(1940 + i % 20, 1 + i % 12, 1 + i % 27)
        make_recipient(village, natural_village=natural, birth=birth, id_number=id_numbers(birth),
                       name=f"示范{i}", paid_through=today.replace(day=1))
    summary = demo.seed_certification(county=county, residents=0, rng=random.Random(5),
                                      staff=[clerk_a, clerk_b, officer, officer2, auditor], today=today)
    assert "certified" in summary
    entries = CampaignEntry.objects.all()
    assert entries.filter(status="certified").count() >= 30
    assert MatchCase.objects.filter(kind="death").count() >= 3
    assert MatchCase.objects.filter(status="stopped").exists() and Overpayment.objects.exists()
    naturals = set(entries.filter(status="certified").values_list("natural_village_id", flat=True))
    notices = Notice.objects.all()
    assert set(notices.values_list("natural_village_id", flat=True)) >= naturals
    assert not notices.filter(posted_on=None).exists()
    assert PostingReport.objects.filter(received_by=auditor).exists()
    assert demo.already_seeded()
