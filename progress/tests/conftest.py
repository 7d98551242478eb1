"""Progress test data: residents in three villages of two townships, with contributions of this and last
year in every status, created directly through the ORM (the collection services are written elsewhere)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from collection.models import Contribution
from enrollment.models import Enrollment


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def pay(officer):
    def pay(resident, year, amount="300.00", status="approved", kind="normal", village=None):
        village = village or resident.village
        return Contribution.objects.create(
            resident=resident, township_id=village.township_id, village=village, year=year, kind=kind,
            grade=Decimal(amount), personal_amount=Decimal(amount), channel="cash", paid_on=datetime.date(year, 3, 1),
            status=status, maker=officer,
        )

    return pay


@pytest.fixture
def campaign(make_resident, pay, village_a, village_a2, village_b, year):
    """A small county in mid-campaign. Returns the residents by role for assertions."""
    r = {}
    # village A: two renewals (paid last year too), one first-time payer, one unpaid, one reversed-only,
    # one not enrolled who paid nothing, one reaching 60 this year and unpaid.
    r["renew1"] = make_resident(village_a, name="张一", enrolled=True)
    r["renew2"] = make_resident(village_a, name="张二", enrolled=True)
    r["first"] = make_resident(village_a, name="张三", enrolled=True)
    r["unpaid"] = make_resident(village_a, name="张四", enrolled=True, phone="13800000004")
    r["reversed"] = make_resident(village_a, name="张五", enrolled=True)
    r["outsider"] = make_resident(village_a, name="张六")
    r["sixty"] = make_resident(village_a, name="张七", enrolled=True, birth=datetime.date(year - 60, 8, 1))
    pay(r["renew1"], year - 1)
    pay(r["renew1"], year, "500.00")
    pay(r["renew2"], year - 1, status="entered")
    pay(r["renew2"], year, "200.00", status="entered")
    pay(r["renew2"], year, "100.00", kind="back_payment")  # a second live row the same year: counted once
    pay(r["first"], year, "300.00", status="returned")
    pay(r["reversed"], year - 1, status="reversed")
    pay(r["reversed"], year, "1000.00", status="reversed")
    # village A2: one payer whose enrolment began this year, one unpaid
    r["new"] = make_resident(village_a2, name="李一")
    Enrollment.objects.create(resident=r["new"], enrolled_on=datetime.date(year, 2, 1),
                              first_month=datetime.date(year, 2, 1))
    r["new"].enrolment_status = "active"
    r["new"].save(update_fields=["enrolment_status"])
    pay(r["new"], year, "100.00")
    r["unpaid_a2"] = make_resident(village_a2, name="李二", enrolled=True)
    # village B: one payer, two unpaid; a payer who has since died (terminated) still counts as paying
    r["b_payer"] = make_resident(village_b, name="王一", enrolled=True)
    r["b_unpaid1"] = make_resident(village_b, name="王二", enrolled=True)
    r["b_unpaid2"] = make_resident(village_b, name="王三", enrolled=True)
    r["b_dead"] = make_resident(village_b, name="王四", enrolment_status="terminated")
    pay(r["b_payer"], year, "400.00")
    pay(r["b_dead"], year, "200.00")
    return r


@pytest.fixture
def targets(officer, township_a, township_b, village_a, year):
    from progress.models import Target

    rows = [
        Target.objects.create(year=year, area=township_a, township=township_a, enrolment_target=10,
                              paying_target=8, amount_target=Decimal("2400.00"), eligible=12, created_by=officer),
        Target.objects.create(year=year, area=township_b, township=township_b, enrolment_target=5,
                              paying_target=4, amount_target=Decimal("1200.00"), eligible=6, created_by=officer),
        Target.objects.create(year=year, area=village_a, township=township_a, enrolment_target=7,
                              paying_target=6, amount_target=Decimal("1800.00"), eligible=8, created_by=officer),
    ]
    return rows
