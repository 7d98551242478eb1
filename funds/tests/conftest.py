"""Fixtures of the funds tests: contributions made directly (collection's services are another app's
work), credited through funds' own service."""

import datetime
from decimal import Decimal

import pytest

from collection.models import Contribution
from funds.models import IndividualAccount


@pytest.fixture(autouse=True)
def interest_rates(db):
    """The seeded rates (a transactional test elsewhere may have flushed the migration's rows)."""
    import importlib

    from funds.models import InterestRate

    seed = importlib.import_module("funds.migrations.0003_seed_interest_rates")
    for year, rate in seed.RATES.items():
        InterestRate.objects.get_or_create(year=year, defaults={"rate_percent": Decimal(rate)})


@pytest.fixture
def make_contribution(db, clerk_a):
    def make(resident, *, paid_on=datetime.date(2026, 3, 2), personal="300.00", channel="cash", status="entered",
             year=None, maker=None, receipt_number="", **amounts):
        return Contribution.objects.create(
            resident=resident, township_id=resident.township_id, village_id=resident.village_id,
            year=year or paid_on.year, grade=Decimal(personal), personal_amount=Decimal(personal),
            channel=channel, receipt_number=receipt_number, paid_on=paid_on, status=status,
            maker=maker or clerk_a, **{k: Decimal(v) for k, v in amounts.items()},
        )

    return make


@pytest.fixture
def resident_a(make_resident, village_a):
    return make_resident(village_a, name="张三", enrolled=True)


@pytest.fixture
def resident_b(make_resident, village_b):
    return make_resident(village_b, name="李四", enrolled=True)


@pytest.fixture
def accounts(make_resident, village_a, village_b):
    """Five accounts (with their residents) to hang entries on."""
    result = []
    for i, village in enumerate([village_a, village_a, village_a, village_b, village_b]):
        resident = make_resident(village, name=f"测试{i}")
        result.append(IndividualAccount.objects.create(resident=resident, township_id=village.township_id,
                                                       opened_on=datetime.date(2024, 1, 1)))
    return result
