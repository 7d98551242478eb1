"""A contribution entered for township T on day D and the sign-off of (T, D) cannot interleave (issue 11 item 7):
both hold the same (township, day) lock (`funds.signoffs.day_hold`, a PostgreSQL advisory lock; entries take it
shared, a sign-off exclusive). So an entry either commits before the sign-off adds up the day, which then counts
it, or is refused; a day is never signed off with an entry it did not count.

Each test holds one side's transaction open in its own thread and connection, starts the other side in a
second thread, and checks that the second waits, then how it ends once the first commits. On today's code
without the lock the second side does not wait and the day is signed off without the entry."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from collection import services
from collection.models import Contribution
from collection.services.signoff import reconciliation_sign_off
from funds import services as funds_services
from funds.models import DaySignOff

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DAY = datetime.date(2026, 3, 2)
WAIT = 1.5  # seconds the second side is given to (wrongly) get through while the first is still open


def _cash_of_the_day() -> Decimal:
    return sum((c.personal_amount for c in Contribution.objects.filter(paid_on=DAY, channel="cash")),
               Decimal("0.00"))


def _run(target, outcome: dict, key: str, *args):
    def body():
        try:
            outcome[key] = target(*args)
        except Exception as exc:  # the outcome is what the test checks
            outcome[key] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


@pytest.fixture
def balanced(payer, clerk_a, finance, township_a, book_a):
    services.contribution_enter(actor=clerk_a, resident=payer, year=2026, grade="300", channel="cash",
                                receipt_number="26010001", paid_on=DAY)
    funds_services.deposit_record(actor=finance, township=township_a, date=DAY, amount="300.00",
                                  voucher_number="V-0302-1")


def test_an_entry_open_while_the_day_is_signed_off_is_counted_or_the_sign_off_waits(
        balanced, clerk_a, finance, township_a, make_resident, village_a):
    late = make_resident(village_a, name="李四", enrolled=True)
    entered, release, outcome = threading.Event(), threading.Event(), {}

    def enter_and_hold():
        with transaction.atomic():
            c = services.contribution_enter(actor=clerk_a, resident=late, year=2026, grade="300", channel="cash",
                                            receipt_number="26010002", paid_on=DAY)
            entered.set()
            release.wait(10)
        return c

    entry = _run(enter_and_hold, outcome, "entry")
    assert entered.wait(10), outcome
    signoff = _run(lambda: reconciliation_sign_off(actor=finance, township=township_a, date=DAY), outcome, "signoff")
    signoff.join(WAIT)
    waited = signoff.is_alive()
    release.set()
    entry.join(10)
    signoff.join(10)

    assert isinstance(outcome["entry"], Contribution), outcome
    assert waited, "the sign-off did not wait for the entry that was being saved"
    # The entry committed first, so the sign-off saw it: the day (600 collected, 300 deposited) does not balance.
    assert isinstance(outcome["signoff"], ValidationError), outcome
    assert not DaySignOff.objects.exists() and _cash_of_the_day() == Decimal("600.00")


def test_an_entry_made_while_the_sign_off_is_open_waits_and_is_refused(
        balanced, clerk_a, finance, township_a, make_resident, village_a):
    late = make_resident(village_a, name="李四", enrolled=True)
    signed, release, outcome = threading.Event(), threading.Event(), {}

    def sign_and_hold():
        with transaction.atomic():
            s = reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
            signed.set()
            release.wait(10)
        return s

    signoff = _run(sign_and_hold, outcome, "signoff")
    assert signed.wait(10), outcome
    entry = _run(lambda: services.contribution_enter(actor=clerk_a, resident=late, year=2026, grade="300",
                                                     channel="cash", receipt_number="26010002", paid_on=DAY),
                 outcome, "entry")
    entry.join(WAIT)
    waited = entry.is_alive()
    release.set()
    signoff.join(10)
    entry.join(10)

    assert isinstance(outcome["signoff"], DaySignOff), outcome
    assert waited, "the entry did not wait for the sign-off that was being saved"
    assert isinstance(outcome["entry"], ValidationError), outcome
    assert "paid_on" in outcome["entry"].message_dict
    assert not Contribution.objects.filter(resident=late).exists()
    assert DaySignOff.objects.get().collected == _cash_of_the_day() == Decimal("300.00")


def test_an_import_written_while_the_sign_off_is_open_is_refused_and_writes_nothing(
        balanced, clerk_a, finance, township_a, make_resident, village_a, tmp_path):
    from collection.models import ImportStatus
    from collection.tests.workbooks import run_import, workbook

    late = make_resident(village_a, name="李四", enrolled=True)
    signed, release, outcome = threading.Event(), threading.Event(), {}

    def sign_and_hold():
        with transaction.atomic():
            s = reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
            signed.set()
            release.wait(10)
        return s

    signoff = _run(sign_and_hold, outcome, "signoff")
    assert signed.wait(10), outcome
    rows = [[late.id_number, late.name, 2026, 300, "现金", "26010002", DAY]]
    run = _run(lambda: run_import(clerk_a, township_a, workbook(rows)), outcome, "import")
    run.join(WAIT)
    waited = run.is_alive()
    release.set()
    signoff.join(10)
    run.join(10)

    assert waited, "the import did not wait for the sign-off that was being saved"
    result = outcome["import"]
    assert not isinstance(result, Exception), result
    assert result.status in (ImportStatus.FAILED, ImportStatus.REJECTED), result.message
    assert "锁定" in result.message or "签认" in result.message, result.message
    assert not Contribution.objects.filter(resident=late).exists()
    assert DaySignOff.objects.get().collected == _cash_of_the_day()


def test_a_deposit_recorded_while_the_sign_off_is_open_waits_and_is_refused(balanced, finance, township_a):
    signed, release, outcome = threading.Event(), threading.Event(), {}

    def sign_and_hold():
        with transaction.atomic():
            s = reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
            signed.set()
            release.wait(10)
        return s

    signoff = _run(sign_and_hold, outcome, "signoff")
    assert signed.wait(10), outcome
    deposit = _run(lambda: funds_services.deposit_record(actor=finance, township=township_a, date=DAY,
                                                         amount="10.00", voucher_number="V-late"),
                   outcome, "deposit")
    deposit.join(WAIT)
    waited = deposit.is_alive()
    release.set()
    signoff.join(10)
    deposit.join(10)

    assert waited, "the deposit did not wait for the sign-off that was being saved"
    assert isinstance(outcome["deposit"], ValidationError), outcome
    assert DaySignOff.objects.get().deposited == Decimal("300.00")
