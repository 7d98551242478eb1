"""Red-flag rules over benefits and certification: each fires on a crafted case and stays silent on a clean one."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from audit import services
from audit.models import RedFlag
from benefits.models import Payroll, PayrollLine, Recipient
from certification.models import Record
from collection import services as collection_services
from collection.models import ReceiptBook

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)
PREV = (MONTH - datetime.timedelta(days=1)).replace(day=1)


def run(rule):
    services.flag_run_execute(rules={rule})
    return {f.key: f for f in RedFlag.objects.filter(rule=rule, gone_at__isnull=True)}


@pytest.fixture
def recipient(make_resident, village_a):
    def make(*, name="孙大", account="", start=datetime.date(2025, 1, 1), death=None, resident=None):
        r = resident or make_resident(village_a, name=name, birth=datetime.date(1960, 1, 5), bank_account=account,
                                      death_date=death)
        return Recipient.objects.create(resident=r, township_id=r.township_id, village_id=r.village_id,
                                        status="active", monthly_amount=Decimal("200.00"),
                                        basic_amount=Decimal("200.00"), basic_national=Decimal("200.00"),
                                        start_month=start)
    return make


@pytest.fixture
def line(officer):
    payrolls = {}

    def make(rec, month, amount, *, previous=None, status="paid", batch=1, retry_of=None):
        payroll = payrolls.get((month, batch)) or Payroll.objects.create(month=month, batch=batch, maker=officer)
        payrolls[(month, batch)] = payroll
        return PayrollLine.objects.create(
            payroll=payroll, recipient=rec, township_id=rec.township_id, village_id=rec.village_id,
            first_month=month, last_month=month, basic_national=amount, basic_provincial=0, basic_county=0,
            extra=0, account_part=0, fund_part=0, arrears=0, amount=amount, months=1, previous_amount=previous,
            status=status, retry_of=retry_of)
    return make


def test_payments_after_death_are_flagged_and_the_month_of_death_is_not(recipient, line):
    dead = recipient(death=PREV + datetime.timedelta(days=10))
    line(dead, PREV, Decimal("200"))
    assert run("payments_after_death") == {}
    late = line(dead, MONTH, Decimal("200"))
    assert list(run("payments_after_death")) == [f"payroll_line#{late.pk}"]


def test_a_bank_account_shared_by_two_recipients_is_flagged(recipient):
    recipient(name="甲", account="622800000000001")
    recipient(name="乙", account="622800000000002")
    assert run("shared_bank_account") == {}
    recipient(name="丙", account="622800000000001")
    found = run("shared_bank_account")
    assert len(found) == 1 and "甲" in next(iter(found.values())).summary


def test_a_payment_growing_beyond_the_percentage_is_flagged(recipient, line):
    a, b = recipient(name="甲"), recipient(name="乙")
    line(a, MONTH, Decimal("230.00"), previous=Decimal("200.00"))
    assert run("payment_growth") == {}
    grown = line(b, MONTH, Decimal("260.00"), previous=Decimal("200.00"))
    assert list(run("payment_growth")) == [f"payroll_line#{grown.pk}"]


def test_a_second_payment_of_a_line_that_had_not_failed_is_flagged(recipient, line):
    a, b = recipient(name="甲"), recipient(name="乙")
    failed = line(a, PREV, Decimal("200"), status="failed")
    line(a, PREV, Decimal("200"), batch=2, retry_of=failed)
    assert run("second_payment_not_failed") == {}
    paid = line(b, PREV, Decimal("200"))
    again = line(b, PREV, Decimal("200"), batch=2, retry_of=paid)
    assert list(run("second_payment_not_failed")) == [f"payroll_line#{again.pk}"]


def test_a_grade_paid_by_someone_already_receiving_a_pension_is_flagged(recipient, make_resident, village_a,
                                                                        clerk_a, officer):
    book = ReceiptBook.objects.create(township_id=village_a.township_id, first_number="26090001",
                                      last_number="26090100", issued_by=officer)
    ReceiptBook.objects.filter(pk=book.pk).update(issued_at=timezone.now() - datetime.timedelta(days=90))
    paid_on = TODAY - datetime.timedelta(days=5)
    payers = [make_resident(village_a, enrolled=True, name=n) for n in ("周五", "吴六")]
    entered = [collection_services.contribution_enter(actor=clerk_a, resident=p, year=TODAY.year, grade="300",
                                                      paid_on=paid_on, channel="cash", receipt_number=f"2609000{i}")
               for i, p in enumerate(payers, 1)]
    recipient(resident=payers[0], start=MONTH + datetime.timedelta(days=40))  # pension starts after: clean
    assert run("grade_change_for_recipient") == {}
    recipient(resident=payers[1], start=paid_on - datetime.timedelta(days=30))  # already receiving
    assert list(run("grade_change_for_recipient")) == [f"contribution#{entered[1].pk}"]


def test_back_payments_and_late_payments_of_years_before_the_pension_are_not_flagged(recipient, make_resident,
                                                                                     village_a, clerk_a, officer):
    """Only a contribution for a year of the pension, paid once it was being paid, is a grade change of someone
    receiving: a back payment (补缴) or a late payment for a year before the pension started is legitimate."""
    from collection.models import Contribution

    book = ReceiptBook.objects.create(township_id=village_a.township_id, first_number="26090001",
                                      last_number="26090100", issued_by=officer)
    ReceiptBook.objects.filter(pk=book.pk).update(issued_at=timezone.now() - datetime.timedelta(days=90))
    paid_on = TODAY - datetime.timedelta(days=5)
    start = datetime.date(TODAY.year, 1, 1)
    people = [make_resident(village_a, enrolled=True, name=n) for n in ("郑一", "王二", "冯三")]
    made = [collection_services.contribution_enter(actor=clerk_a, resident=p, year=TODAY.year, grade="300",
                                                   paid_on=paid_on, channel="cash", receipt_number=f"2609001{i}")
            for i, p in enumerate(people, 1)]
    Contribution.objects.filter(pk=made[0].pk).update(kind="back_payment", year=TODAY.year - 4)
    Contribution.objects.filter(pk=made[1].pk).update(year=TODAY.year - 1)  # last year's, paid late
    for p in people:
        recipient(resident=p, start=start)
    assert list(run("grade_change_for_recipient")) == [f"contribution#{made[2].pk}"]


def test_implausibly_many_certifications_by_one_user_in_a_day_are_flagged(recipient, clerk_a, clerk_b):
    people = [recipient(name=f"人{i}") for i in range(5)]

    def certify(user, n):
        for rec in people[:n]:
            Record.objects.create(resident=rec.resident, township_id=rec.township_id, village_id=rec.village_id,
                                  mode="on_site", result="alive", certified_on=TODAY, recorded_by=user)
    from audit.models import AuditParameters

    AuditParameters.objects.create(valid_from=datetime.date(2020, 1, 1), certifications_per_day=3)
    certify(clerk_b, 3)
    assert run("certifications_per_day") == {}
    certify(clerk_a, 4)
    assert list(run("certifications_per_day")) == [f"user#{clerk_a.pk}:{TODAY.isoformat()}"]
