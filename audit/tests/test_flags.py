"""Red flags: each rule fires on a crafted case and stays silent on a clean one; a dismissed flag comes back only
when its records change; a flag becomes a finding."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from audit import flags, services
from audit.models import FlagRun, RedFlag
from audit.tasks import run_red_flags_task
from collection import services as collection_services
from collection.models import Contribution, ReceiptBook
from funds.deposits import deposit_record
from pension.models import OperationLog

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TESTED_RULES = {"cash_without_deposit", "maker_is_checker", "key_data_without_request", "missing_receipts",
                "grade_change_for_recipient", "payments_after_death", "shared_bank_account", "payment_growth",
                "second_payment_not_failed", "certifications_per_day"}  # the last six: test_flags_benefits.py


def run(*rules):
    services.flag_run_execute(rules=set(rules))
    return {f.key: f for f in RedFlag.objects.filter(rule__in=rules)}


@pytest.fixture
def book(township_a, officer):
    book = ReceiptBook.objects.create(township=township_a, first_number="26070001", last_number="26070100",
                                      issued_by=officer)
    ReceiptBook.objects.filter(pk=book.pk).update(issued_at=timezone.now() - datetime.timedelta(days=60))
    return book


@pytest.fixture
def pay(make_resident, village_a, clerk_a, book):
    def go(number, *, paid_on=TODAY - datetime.timedelta(days=10), grade="300"):
        r = make_resident(village_a, enrolled=True, name="赵六")
        return collection_services.contribution_enter(actor=clerk_a, resident=r, year=TODAY.year, grade=grade,
                                                      paid_on=paid_on, channel="cash", receipt_number=number)
    return go


def test_every_available_rule_has_its_crafted_and_clean_case_here():
    assert set(flags.available_rules()) == TESTED_RULES


def test_cash_without_a_matching_deposit_is_flagged_and_a_deposited_day_is_not(pay, finance, township_a):
    c = pay("26070001")
    found = run("cash_without_deposit")
    assert list(found) == [f"{township_a.code}:{c.paid_on.isoformat()}"]
    assert found[f"{township_a.code}:{c.paid_on.isoformat()}"].links[0][1].startswith("/funds/reconciliation/")
    deposit_record(actor=finance, township=township_a, date=c.paid_on, amount=c.personal_amount,
                   voucher_number="V-1")
    found = run("cash_without_deposit")
    assert found[f"{township_a.code}:{c.paid_on.isoformat()}"].gone_at is not None
    RedFlag.objects.all().delete()
    assert run("cash_without_deposit") == {}


def test_cash_within_the_days_allowed_for_depositing_is_not_flagged(pay):
    pay("26070001", paid_on=TODAY - datetime.timedelta(days=1))
    assert run("cash_without_deposit") == {}


def test_one_user_making_and_checking_a_record_is_flagged_and_two_users_are_not(pay, officer, clerk_a):
    c = pay("26070001")
    collection_services.contribution_approve(actor=officer, contribution=c)
    assert run("maker_is_checker") == {}
    other = pay("26070002")
    # Crafted: the log shows the clerk approving their own entry (as a bypass of the service would leave it).
    from django.db import transaction

    from pension.oplog import log_operation

    with transaction.atomic():
        log_operation(actor=clerk_a, action="contribution.approve", obj=other)
    found = run("maker_is_checker")
    assert list(found) == [f"collection.contribution#{other.pk}"]


def test_key_fields_changed_outside_an_approved_request_are_flagged(make_resident, village_a, officer):
    from django.db import transaction

    from pension.oplog import log_operation

    r = make_resident(village_a, name="钱七")
    with transaction.atomic():
        log_operation(actor=officer, action="resident.update", obj=r, before={"name": "钱七", "phone": ""},
                      after={"name": "钱八", "phone": ""})
        clean = log_operation(actor=officer, action="resident.update", obj=r, before={"name": "钱七", "phone": ""},
                              after={"name": "钱七", "phone": "13800000000"})
        log_operation(actor=officer, action="resident.key_data_change", obj=r, before={"name": "钱七"},
                      after={"name": "钱九"})
    found = run("key_data_without_request")
    assert len(found) == 1 and f"oplog#{clean.pk}" not in found
    assert "name" in next(iter(found.values())).summary


def test_missing_receipt_numbers_are_flagged_and_a_complete_book_is_not(pay, book):
    pay("26070001")
    pay("26070002")
    assert run("missing_receipts") == {}
    pay("26070004")
    found = run("missing_receipts")
    assert list(found) == [f"receipt_book#{book.pk}"]
    no_number = pay("26070005")
    Contribution.objects.filter(pk=no_number.pk).update(receipt_number="", receipt_book=None)
    found = run("missing_receipts")
    assert f"contribution#{no_number.pk}" in found


def test_a_dismissed_flag_comes_back_only_when_its_records_change(pay, auditor, township_a):
    c = pay("26070001")
    flag = next(iter(run("cash_without_deposit").values()))
    services.flag_dismiss(actor=auditor, flag=flag, reason="当日已现场核实，次日存入")
    run("cash_without_deposit")
    flag.refresh_from_db()
    assert flag.status == "dismissed"
    pay("26070002", paid_on=c.paid_on)
    run("cash_without_deposit")
    flag.refresh_from_db()
    assert flag.status == "new"
    assert OperationLog.objects.filter(action="red_flag.reopen", object_id=str(flag.pk)).exists()


def test_a_flag_becomes_a_finding(pay, auditor):
    pay("26070001")
    flag = next(iter(run("cash_without_deposit").values()))
    finding = services.flag_to_finding(actor=auditor, flag=flag, section="finance")
    flag.refresh_from_db()
    assert flag.status == "finding" and finding.flag == flag and finding.description == flag.summary


def test_the_nightly_job_records_its_run(pay):
    pay("26070001")
    assert run_red_flags_task.delay().get() == "done"
    run_ = FlagRun.objects.get()
    assert run_.counts["cash_without_deposit"] == 1 and run_.new_flags >= 1 and run_.finished_at
    assert Decimal("0") <= Decimal(run_.new_flags)
