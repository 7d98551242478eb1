import datetime

import pytest
from django.utils import timezone

from certification import services
from pension.models import AreaLevel
from tests.support.personas import nth_child


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def natural_a(village_a):
    return nth_child(village_a, AreaLevel.NATURAL)


@pytest.fixture
def natural_b(village_b):
    return nth_child(village_b, AreaLevel.NATURAL)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def recipients(make_recipient, village_a, village_b, natural_a, natural_b, id_numbers):
    """Three recipients in natural village A (township A) and one in natural village B (township B)."""
    made = []
    for i, (village, natural) in enumerate([(village_a, natural_a)] * 3 + [(village_b, natural_b)]):
        birth = datetime.date(1950 + i, 3, 10)
        made.append(make_recipient(village, birth=birth, natural_village=natural, name=["张大山", "李秀英", "王老五",
                                                                                         "赵四"][i],
                                   id_number=id_numbers(birth), phone="13912345678",
                                   bank_account="6228480012345678901"))
    return made


@pytest.fixture
def campaign(officer, recipients, today):
    """A campaign open today (started 10 days ago, ends in 20 days) with the four recipients due."""
    return services.campaign_create(actor=officer, year=today.year, starts_on=today - datetime.timedelta(days=10),
                                    ends_on=today + datetime.timedelta(days=20))


@pytest.fixture
def past_campaign(officer, recipients, today):
    """A campaign whose deadline was yesterday."""
    return services.campaign_create(actor=officer, year=today.year, starts_on=today - datetime.timedelta(days=60),
                                    ends_on=today - datetime.timedelta(days=1))
