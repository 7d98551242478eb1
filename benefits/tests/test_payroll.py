"""Monthly payroll: generated once, approved by another person, account debits, bank returns, second batch."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from benefits import services
from benefits.models import Overpayment, Payroll, PayrollLine
from funds.models import AccountEntry
from pension.errors import Conflict

pytestmark = pytest.mark.django_db

M = datetime.date
THIS = datetime.date.today().replace(day=1)


def prev(month, n=1):
    from benefits.months import add_months

    return add_months(month, -n)


@pytest.fixture
def paid_person(make_recipient, village_a, credit_years, officer):
    """300.00 a month: 200.00 basic, 100.00 from an account holding 1,000.00."""
    r = make_recipient(village_a, monthly_amount="300.00", basic_amount="200.00", start_month=prev(THIS, 2))
    credit_years(r.resident, [2015, 2016], parts={"personal": "400", "subsidy_provincial": "100"}, maker=officer)
    return r


def test_a_payroll_pays_every_month_owed_and_generating_twice_gives_the_same_payroll(paid_person, officer):
    p1 = services.payroll_generate(actor=officer, month=THIS)
    p2 = services.payroll_generate(actor=officer, month=THIS)
    assert p1.pk == p2.pk and Payroll.objects.count() == 1
    line = PayrollLine.objects.get(payroll=p1)
    assert (line.first_month, line.last_month, line.months) == (prev(THIS, 2), THIS, 3)
    assert line.basic_national == Decimal("600.00") and line.account_part == Decimal("300.00")
    assert line.amount == Decimal("900.00") and line.no_award
    paid_person.refresh_from_db()
    assert paid_person.paid_through == THIS
    assert p1.lines_count == 1 and p1.total == Decimal("900.00")


def test_the_maker_cannot_approve_and_the_database_refuses_it_too(paid_person, officer, officer2, finance,
                                                                   clerk_a):
    p = services.payroll_generate(actor=officer, month=THIS)
    with pytest.raises(ValidationError):
        services.payroll_approve(actor=officer, payroll=p)
    with pytest.raises(PermissionDenied):
        services.payroll_approve(actor=clerk_a, payroll=p)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payroll.objects.filter(pk=p.pk).update(checker=officer)
    services.payroll_approve(actor=finance, payroll=p)
    with pytest.raises(Conflict):
        services.payroll_approve(actor=officer2, payroll=p)


def test_approval_debits_the_account_by_component(paid_person, officer, finance):
    p = services.payroll_generate(actor=officer, month=THIS)
    services.payroll_approve(actor=finance, payroll=p)
    debits = {e.component: e.amount for e in AccountEntry.objects.filter(kind="payout")}
    # 300.00 out of 800.00 personal + 200.00 provincial, in proportion: 240 + 60
    assert debits == {"personal": Decimal("-240.00"), "subsidy_provincial": Decimal("-60.00")}


def test_when_the_account_is_exhausted_the_fund_pays_and_is_recorded_as_the_source(make_recipient, village_a,
                                                                                    credit_years, officer, finance):
    r = make_recipient(village_a, monthly_amount="300.00", basic_amount="200.00", start_month=prev(THIS, 2))
    credit_years(r.resident, [2015], parts={"personal": "250"}, maker=officer)
    p = services.payroll_generate(actor=officer, month=THIS)
    line = PayrollLine.objects.get(payroll=p)
    assert (line.account_part, line.fund_part, line.amount) == (Decimal("250.00"), Decimal("50.00"),
                                                                Decimal("900.00"))
    services.payroll_approve(actor=finance, payroll=p)
    assert sum(e.amount for e in AccountEntry.objects.filter(kind="payout")) == Decimal("-250.00")


def test_arrears_after_resume_come_in_the_next_payroll(paid_person, officer, finance):
    services.payroll_generate(actor=officer, month=prev(THIS, 2))
    services.recipient_suspend(actor=officer, recipient=paid_person, reason="未认证", source="manual")
    p = services.payroll_generate(actor=officer, month=prev(THIS))
    assert not PayrollLine.objects.filter(payroll=p).exists()
    services.recipient_resume(actor=officer, recipient=paid_person, reason="已认证", source="manual")
    line = PayrollLine.objects.get(payroll=services.payroll_generate(actor=officer, month=THIS))
    assert (line.first_month, line.months, line.amount) == (prev(THIS), 2, Decimal("600.00"))


def test_death_mid_month_pays_that_month_and_later_paid_months_become_an_overpayment(paid_person, officer):
    services.payroll_generate(actor=officer, month=THIS)  # paid through THIS
    death = prev(THIS, 1).replace(day=17)
    services.recipient_stop_for_death(actor=officer, recipient=paid_person, death_date=death, reason="死亡",
                                      source="stop_request")
    over = Overpayment.objects.get(recipient=paid_person)
    assert (over.first_month, over.last_month, over.amount) == (THIS, THIS, Decimal("300.00"))


def test_a_death_before_the_payroll_pays_the_month_of_death_and_no_more(paid_person, officer):
    services.recipient_stop_for_death(actor=officer, recipient=paid_person, death_date=prev(THIS).replace(day=9),
                                      reason="死亡", source="stop_request")
    line = PayrollLine.objects.get(payroll=services.payroll_generate(actor=officer, month=THIS))
    assert (line.first_month, line.last_month, line.months) == (prev(THIS, 2), prev(THIS), 2)


def test_bank_returns_mark_failures_and_the_second_batch_takes_only_failed_lines(make_recipient, village_a,
                                                                                  officer, officer2, finance):
    a = make_recipient(village_a, start_month=THIS)
    b = make_recipient(village_a, start_month=THIS)
    p = services.payroll_generate(actor=officer, month=THIS)
    services.payroll_approve(actor=finance, payroll=p)
    la, lb = PayrollLine.objects.get(recipient=a), PayrollLine.objects.get(recipient=b)
    assert services.payroll_returns_record(actor=finance, payroll=p, results=[
        (la.pk, True, ""), (lb.pk, False, "账户已销户")]) == {"paid": 1, "failed": 1}
    lb.refresh_from_db()
    assert (lb.status, lb.failure_reason) == ("failed", "账户已销户")
    with pytest.raises(Conflict) as exc:
        services.payroll_second_batch(actor=officer, payroll=p, line_ids=[la.pk, lb.pk])
    assert f"明细{la.pk}没有发放失败" in str(exc.value)
    second = services.payroll_second_batch(actor=officer, payroll=p, line_ids=[lb.pk])
    assert second.batch == 2 and second.lines_count == 1 and second.total == lb.amount
    with pytest.raises(Conflict):
        services.payroll_second_batch(actor=officer, payroll=p, line_ids=[lb.pk])  # repaid once only
    services.payroll_approve(actor=officer2, payroll=second)


def test_returns_naming_a_line_of_another_payroll_are_refused(make_recipient, village_a, officer, finance):
    make_recipient(village_a, start_month=THIS)
    p = services.payroll_generate(actor=officer, month=THIS)
    with pytest.raises(Conflict):
        services.payroll_returns_record(actor=finance, payroll=p, results=[])
    services.payroll_approve(actor=finance, payroll=p)
    with pytest.raises(ValidationError) as exc:
        services.payroll_returns_record(actor=finance, payroll=p, results=[(999999, False, "x")])
    assert "file" in exc.value.message_dict


def test_month_on_month_change_beyond_the_alert_is_flagged(paid_person, make_recipient, village_a, officer):
    steady = make_recipient(village_a, start_month=prev(THIS))
    services.payroll_generate(actor=officer, month=prev(THIS))
    line = PayrollLine.objects.get(payroll=services.payroll_generate(actor=officer, month=THIS),
                                   recipient=steady)
    assert line.previous_amount == Decimal("300.00") and not line.change_flag
    # paid_person was paid 2 months last time (600) and 1 now (300): −50 % > 10 %
    assert PayrollLine.objects.get(payroll__month=THIS, recipient=paid_person).change_flag


@pytest.mark.parametrize("bad", ["260100213①", "١٢", "99999999999999999999999", "-1", "1e30"])
def test_a_second_batch_naming_a_line_in_other_digits_is_refused_in_chinese_not_a_500(
        make_recipient, village_a, officer, finance, bad):
    make_recipient(village_a, start_month=THIS)
    p = services.payroll_generate(actor=officer, month=THIS)
    services.payroll_approve(actor=finance, payroll=p)
    with pytest.raises(ValidationError) as exc:
        services.payroll_second_batch(actor=officer, payroll=p, line_ids=[bad])
    assert "lines" in exc.value.message_dict


def test_bank_return_file_in_csv_as_excel_saves_it_on_chinese_windows_is_read(make_recipient, village_a, officer,
                                                                               finance):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from benefits.bankfile import read_returns

    a, b = make_recipient(village_a, start_month=THIS), make_recipient(village_a, start_month=THIS)
    services.payroll_generate(actor=officer, month=THIS)
    la, lb = PayrollLine.objects.get(recipient=a), PayrollLine.objects.get(recipient=b)
    text = f"流水号,结果,失败原因,备注\r\n{la.pk},成功,,\r\n\r\n{lb.pk},失败,户名不符,x\r\n"
    results = read_returns(SimpleUploadedFile("回盘.csv", text.encode("gb18030")))
    assert results == [(la.pk, True, ""), (lb.pk, False, "户名不符")]
    with pytest.raises(ValidationError) as exc:
        read_returns(SimpleUploadedFile("回盘.csv", f"流水号,结果,失败原因\n{la.pk},也许,\n1.5,成功,\n".encode()))
    assert "第2行" in str(exc.value) and "第3行" in str(exc.value)


def test_bank_file_rows_carry_the_line_the_person_and_the_months_in_bank_order(paid_person, officer):
    from benefits.bankfile import bank_rows

    p = services.payroll_generate(actor=officer, month=THIS)
    line = PayrollLine.objects.get(payroll=p)
    resident = paid_person.resident
    assert bank_rows(p) == [(line.pk, resident.township.name, resident.village.name, resident.name,
                             resident.id_number, resident.bank_account, line.amount, f"{prev(THIS, 2):%Y-%m}",
                             f"{THIS:%Y-%m}", 3)]
