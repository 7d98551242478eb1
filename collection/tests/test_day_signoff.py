"""Issue 11 item 7: county finance enters one voucher in a form and signs off a reconciled day, which locks it:
contributions paid that day in that township, deposits on that day and cancellations touching it are refused
(issue 10 item 3: "a payment date in a day already reconciled is refused")."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from collection import services
from collection.models import Contribution, ContributionStatus
from collection.services.signoff import reconciliation_sign_off
from funds import services as funds_services
from funds.models import DaySignOff, Deposit
from pension.errors import Conflict
from pension.models import OperationLog, Post, User

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def balanced_day(enter, payer, finance, township_a):
    """Township A on 2 March: one cash contribution of 300, deposited in full."""
    c = enter(payer, grade="300", paid_on=DAY)
    funds_services.deposit_record(actor=finance, township=township_a, date=DAY, amount="300.00",
                                  voucher_number="V-0302-1")
    return c


def test_finance_signs_off_a_balanced_day_with_who_and_when_logged(balanced_day, finance, township_a):
    signoff = reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    assert signoff.signed_by == finance and signoff.signed_at and signoff.date == DAY
    assert signoff.collected == signoff.deposited == Decimal("300.00")
    assert OperationLog.objects.filter(action="reconciliation.sign_off", object_id=str(signoff.pk)).count() == 1


def test_a_day_that_does_not_balance_cannot_be_signed_off(enter, payer, finance, township_a):
    enter(payer, grade="300", paid_on=DAY)
    with pytest.raises(ValidationError) as exc:
        reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    assert "不平" in " ".join(exc.value.messages)
    assert not DaySignOff.objects.exists()


def test_only_county_finance_signs_off(balanced_day, officer, clerk_a, township_a):
    for user in (officer, clerk_a):
        with pytest.raises(PermissionDenied):
            reconciliation_sign_off(actor=user, township=township_a, date=DAY)


def test_signing_off_twice_is_a_conflict(balanced_day, finance, township_a):
    reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    with pytest.raises(Conflict):
        reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    assert DaySignOff.objects.count() == 1


def test_a_contribution_paid_on_a_signed_off_day_is_refused(balanced_day, finance, township_a, enter,
                                                          make_resident, village_a):
    reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    late = make_resident(village_a, name="李四", enrolled=True)
    with pytest.raises(ValidationError) as exc:
        enter(late, paid_on=DAY)
    assert "paid_on" in exc.value.message_dict
    assert "已锁定" in exc.value.message_dict["paid_on"][0]
    assert not Contribution.objects.filter(resident=late).exists()
    enter(late, paid_on=DAY + datetime.timedelta(days=1))  # the next day is open


def test_another_townships_day_stays_open(balanced_day, finance, township_a, make_resident, village_b, book_b,
                                          clerk_b):
    reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    other = make_resident(village_b, name="赵六", enrolled=True)
    services.contribution_enter(actor=clerk_b, resident=other, year=2026, grade="300", channel="cash",
                                receipt_number="26020001", paid_on=DAY)


def test_a_deposit_on_a_signed_off_day_is_refused(balanced_day, finance, township_a):
    reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    with pytest.raises(ValidationError) as exc:
        funds_services.deposit_record(actor=finance, township=township_a, date=DAY, amount="10.00",
                                      voucher_number="V-late")
    assert "date" in exc.value.message_dict
    assert not Deposit.objects.filter(voucher_number="V-late").exists()


def test_cancelling_a_voucher_or_an_entry_of_a_signed_off_day_is_refused(balanced_day, finance, officer, clerk_a,
                                                                       township_a):
    reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    deposit = Deposit.objects.get(voucher_number="V-0302-1")
    finance2 = User.objects.create(username="finance2", post=Post.COUNTY_FINANCE, area=finance.area)
    with pytest.raises(ValidationError):
        funds_services.deposit_reversal_propose(actor=finance2, deposit=deposit, reason="录错")
    with pytest.raises(ValidationError):
        services.contribution_cancel(actor=clerk_a, contribution=balanced_day, reason="退款")
    balanced_day.refresh_from_db()
    assert balanced_day.status == ContributionStatus.ENTERED


def test_the_api_refuses_a_contribution_on_a_signed_off_day_with_400(balanced_day, finance, township_a, api,
                                                                    clerk_a, make_resident, village_a):
    reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    late = make_resident(village_a, name="李四", enrolled=True)
    r = api(clerk_a).post("/api/v1/contributions/", {
        "id_number": late.id_number, "year": 2026, "grade": "300", "channel": "cash",
        "receipt_number": "26010050", "paid_on": DAY.isoformat()}, format="json")
    assert r.status_code == 400, r.content
    assert "paid_on" in r.json()["errors"]


def test_an_import_row_dated_on_a_signed_off_day_is_refused(balanced_day, finance, township_a, clerk_a,
                                                            make_resident, village_a):
    from collection.services.imports.rows import RowValidator

    reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    late = make_resident(village_a, name="李四", enrolled=True)
    validator = RowValidator(actor=clerk_a, township=township_a)
    validator.load(numbers=[late.id_number], years={2026})
    with pytest.raises(ValidationError) as exc:
        validator.check([late.id_number, "李四", 2026, 300, "现金", "26010060", DAY])
    assert "已锁定" in " ".join(exc.value.messages)


def test_finance_enters_one_voucher_in_the_form(web, finance, township_a):
    r = web(finance).post("/funds/deposits/new/", {"township": township_a.code, "date": "2026-03-02",
                                                   "amount": "1,200.50", "voucher_number": "RC-1"})
    assert r.status_code == 302
    d = Deposit.objects.get()
    assert d.amount == Decimal("1200.50") and d.source == "form" and d.created_by == finance


def test_the_voucher_form_names_the_wrong_field_and_writes_nothing(web, finance, township_a):
    r = web(finance).post("/funds/deposits/new/", {"township": township_a.code, "date": "2026-02-30",
                                                   "amount": "abc", "voucher_number": "RC-1"})
    assert r.status_code == 200
    text = r.content.decode()
    assert "金额" in text and "日期" in text
    assert not Deposit.objects.exists()


def test_a_clerk_cannot_open_the_voucher_form(web, clerk_a):
    assert web(clerk_a).get("/funds/deposits/new/").status_code == 403


def test_finance_signs_off_from_the_reconciliation_page(web, balanced_day, finance, township_a):
    url = f"/funds/reconciliation/?township={township_a.code}&date=2026-03-02"
    page = web(finance).get(url).content.decode()
    assert 'action="/funds/reconciliation/sign-off/"' in page
    r = web(finance).post("/funds/reconciliation/sign-off/", {"township": township_a.code, "date": "2026-03-02"})
    assert r.status_code == 302
    assert DaySignOff.objects.filter(township=township_a, date=DAY, signed_by=finance).exists()
    page = web(finance).get(url).content.decode()
    assert "已签认" in page


def test_sign_off_of_another_townships_day_is_404_for_a_clerk(web, balanced_day, clerk_b, township_a):
    r = web(clerk_b).post("/funds/reconciliation/sign-off/", {"township": township_a.code, "date": "2026-03-02"})
    assert r.status_code in (403, 404)
    assert not DaySignOff.objects.exists()


def test_sign_off_with_a_bad_date_is_a_message_not_a_500(web, finance, township_a):
    r = web(finance).post("/funds/reconciliation/sign-off/", {"township": township_a.code, "date": "2026-13-40"})
    assert r.status_code in (302, 400)
    assert not DaySignOff.objects.exists()


def test_a_death_confirmed_after_the_sign_off_leaves_that_days_entry_for_the_reopened_day(
        balanced_day, enter, payer, finance, clerk_a, township_a):
    """Cancelling takes the entry's cash out of a signed-off day, which only a reopened day allows (two people).
    So the death's confirmation cancels the pending entries of open days and leaves those of signed-off ones:
    the approval refuses them anyway (the resident is dead) and they are cancelled once the day is reopened."""
    from collection.services.terminations import contributions_cancel_for_termination

    reconciliation_sign_off(actor=finance, township=township_a, date=DAY)
    later = enter(payer, grade="300", paid_on=DAY + datetime.timedelta(days=1), year=2025)
    cancelled = contributions_cancel_for_termination(actor=clerk_a, resident=payer, reason="death",
                                                     date=DAY + datetime.timedelta(days=2))
    assert [c.pk for c in cancelled] == [later.pk]
    balanced_day.refresh_from_db()
    later.refresh_from_db()
    assert balanced_day.status == ContributionStatus.ENTERED
    assert later.status == ContributionStatus.CANCELLED
