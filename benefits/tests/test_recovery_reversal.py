"""Reversing a confirmed recovery (money recorded as repaid that never arrived, a bank reversal): one person
proposes it with a reason, another confirms it; nothing is deleted, a reversal row (the negative amount) is
added and, once confirmed, what is owed goes back up."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from benefits import selectors, services
from benefits.models import Overpayment, Recovery, Settlement, SettlementCorrection
from benefits.months import add_months
from benefits.services.overpayments import outstanding
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db
THIS = datetime.date.today().replace(day=1)


@pytest.fixture
def repaid(make_recipient, village_a, officer, finance):
    """An overpayment of 600.00 (two months paid after death) of which 100.00 were repaid and confirmed."""
    r = make_recipient(village_a, monthly_amount="300.00", start_month=datetime.date(2024, 1, 1),
                       paid_through=datetime.date(2024, 6, 1))
    services.recipient_stop_for_death(actor=officer, recipient=r, death_date=datetime.date(2024, 4, 2),
                                      reason="死亡", source="stop_request")
    over = Overpayment.objects.get(recipient=r)
    rec = services.recovery_record(actor=finance, overpayment=over, method="repayment", amount="100.00",
                                   note="现金缴回")
    services.recovery_confirm(actor=officer, recovery=rec)
    assert outstanding(over) == Decimal("500.00")
    return rec


def test_a_reversal_proposed_by_one_and_confirmed_by_another_restores_what_is_owed(repaid, officer, finance,
                                                                                   clerk_a):
    reversal = services.recovery_reverse(actor=finance, recovery=repaid, reason="银行退票，款项未到账")
    assert (reversal.amount, reversal.status, reversal.reverses_id) == (Decimal("-100.00"), "proposed", repaid.pk)
    over = repaid.overpayment
    assert outstanding(over) == Decimal("500.00")  # counts only once confirmed
    assert selectors.overpayment_get(user=clerk_a, pk=over.pk).outstanding == Decimal("500.00")
    with pytest.raises(ValidationError) as exc:
        services.recovery_confirm(actor=finance, recovery=reversal)
    assert "checker" in exc.value.message_dict
    services.recovery_confirm(actor=officer, recovery=reversal)
    assert outstanding(over) == Decimal("600.00")
    assert selectors.overpayment_get(user=clerk_a, pk=over.pk).outstanding == Decimal("600.00")
    repaid.refresh_from_db()
    assert (repaid.status, repaid.amount) == ("confirmed", Decimal("100.00"))  # the original is never changed
    assert Recovery.objects.count() == 2
    assert OperationLog.objects.filter(action="recovery.reverse", object_id=str(reversal.pk)).get().reason == \
        "银行退票，款项未到账"
    assert OperationLog.objects.filter(action="recovery.confirm", object_id=str(reversal.pk)).exists()
    # and the money can be recorded again once it really arrives
    again = services.recovery_record(actor=finance, overpayment=over, method="repayment", amount="600.00")
    assert again.amount == Decimal("600.00")


def test_a_reversal_needs_a_reason_and_a_confirmed_recovery_reversed_only_once(repaid, officer, finance):
    with pytest.raises(ValidationError) as exc:
        services.recovery_reverse(actor=finance, recovery=repaid, reason=" ")
    assert "reason" in exc.value.message_dict
    reversal = services.recovery_reverse(actor=finance, recovery=repaid, reason="退票")
    with pytest.raises(Conflict):
        services.recovery_reverse(actor=officer, recovery=repaid, reason="退票")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recovery.objects.create(overpayment=repaid.overpayment, method="repayment", amount="-100.00",
                                date=THIS, reverses=repaid, created_by=officer)
    with pytest.raises(Conflict):
        services.recovery_reverse(actor=officer, recovery=reversal, reason="x")  # a reversal is not reversed
    services.recovery_reject(actor=officer, recovery=reversal, reason="款项已核实到账")
    assert outstanding(repaid.overpayment) == Decimal("500.00")
    assert services.recovery_reverse(actor=officer, recovery=repaid, reason="再次核查退票").status == "proposed"


def test_only_a_confirmed_recovery_is_reversed_and_a_negative_amount_only_as_a_reversal(repaid, officer, finance):
    pending = services.recovery_record(actor=finance, overpayment=repaid.overpayment, method="instalment",
                                       amount="50")
    with pytest.raises(Conflict):
        services.recovery_reverse(actor=officer, recovery=pending, reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recovery.objects.create(overpayment=repaid.overpayment, method="repayment", amount="-5.00", date=THIS,
                                created_by=officer)


@pytest.mark.postgres  # the payroll is generated by PostgreSQL-only SQL
def test_a_deduction_of_a_settlement_not_yet_approved_is_not_reversed(make_recipient, village_a, officer, finance):
    r = make_recipient(village_a, start_month=add_months(THIS, -3))
    services.payroll_generate(actor=officer, month=THIS)
    services.recipient_stop_for_death(actor=officer, recipient=r, death_date=add_months(THIS, -2),
                                      reason="死亡", source="stop_request")
    over = Overpayment.objects.get(recipient=r)
    deduction = Recovery.objects.create(overpayment=over, method="deduction", amount="10.00", date=THIS,
                                        created_by=officer, status="confirmed", checker=finance)
    with pytest.raises(Conflict) as exc:
        services.recovery_reverse(actor=finance, recovery=deduction, reason="x")
    assert "recovery" in exc.value.message_dict
    assert not SettlementCorrection.objects.exists()


@pytest.fixture
def refunded(make_recipient, village_a, credit_years, officer, finance):
    """Double receipt found from last month: 300.00 a month (200.00 basic), paid from three months ago through
    this month; the account holds 2 × (500 personal + 100 provincial + 50 county) = 1,300.00, of which 300.00
    are subsidies. Basic pension overpaid: last month and this, 2 × 200.00 = 400.00. Refund approved by finance:
    1,300.00 − 300.00 − 400.00 deducted = 600.00."""
    r = make_recipient(village_a, monthly_amount="300.00", basic_amount="200.00", start_month=add_months(THIS, -3))
    credit_years(r.resident, [2015, 2016], parts={"personal": "500", "subsidy_provincial": "100",
                                                  "subsidy_county": "50"}, maker=officer)
    services.payroll_generate(actor=officer, month=THIS)
    services.recipient_stop_for_double_receipt(actor=officer, recipient=r,
                                               other_pension_start=add_months(THIS, -1).replace(day=20),
                                               reason="企业退休", source="stop_request")
    s = services.settlement_approve(actor=finance, settlement=Settlement.objects.get(recipient=r))
    assert (s.amount, s.deducted) == (Decimal("600.00"), Decimal("400.00"))
    over = Overpayment.objects.get(recipient=r)
    assert outstanding(over) == Decimal("0.00")
    return s


@pytest.mark.postgres  # the payroll is generated by PostgreSQL-only SQL
def test_a_reversed_settlement_deduction_is_owed_again_and_paid_out_as_a_correction_never_editing_the_settlement(
        refunded, officer, officer2, finance, clerk_a):
    deduction = Recovery.objects.get(method="deduction")
    assert deduction.amount == Decimal("400.00")
    reversal = services.recovery_reverse(actor=officer2, recovery=deduction, reason="另一养老金自本月起领取，核定有误")
    assert (reversal.amount, reversal.method, reversal.status) == (Decimal("-400.00"), "deduction", "proposed")
    assert not SettlementCorrection.objects.exists()  # nothing is paid before the second person
    with pytest.raises(ValidationError) as exc:
        services.recovery_confirm(actor=officer2, recovery=reversal)
    assert "checker" in exc.value.message_dict
    services.recovery_confirm(actor=officer, recovery=reversal)
    over = deduction.overpayment
    assert outstanding(over) == Decimal("400.00")  # 400.00 − (400.00 − 400.00)
    correction = SettlementCorrection.objects.get()
    assert (correction.settlement, correction.reversal, correction.amount) == (refunded, reversal,
                                                                               Decimal("400.00"))
    assert (correction.created_by, correction.checker) == (officer2, officer)
    before = Settlement.objects.get(pk=refunded.pk)
    assert (before.amount, before.deducted, before.status, before.checker) == (
        Decimal("600.00"), Decimal("400.00"), "approved", finance)  # the approved settlement is not edited
    seen = selectors.settlement_get(user=clerk_a, pk=refunded.pk)
    assert (seen.corrected, seen.payable) == (Decimal("400.00"), Decimal("1000.00"))  # 600.00 + 400.00
    assert OperationLog.objects.filter(action="settlement.correct", object_id=str(correction.pk)).get().reason == \
        "另一养老金自本月起领取，核定有误"
    assert OperationLog.objects.filter(action="recovery.reverse", object_id=str(reversal.pk)).exists()
    with pytest.raises(Conflict):
        services.recovery_reverse(actor=finance, recovery=deduction, reason="再次冲回")
    # the overpayment, owed again, is recovered the ordinary way
    again = services.recovery_record(actor=finance, overpayment=over, method="repayment", amount="400.00")
    services.recovery_confirm(actor=officer, recovery=again)
    assert outstanding(over) == Decimal("0.00")


@pytest.mark.postgres  # the payroll is generated by PostgreSQL-only SQL
def test_a_rejected_deduction_reversal_pays_nothing_and_the_database_refuses_a_one_person_correction(
        refunded, officer, officer2, finance):
    deduction = Recovery.objects.get(method="deduction")
    reversal = services.recovery_reverse(actor=finance, recovery=deduction, reason="核查")
    services.recovery_reject(actor=officer, recovery=reversal, reason="扣减无误")
    assert not SettlementCorrection.objects.exists()
    assert outstanding(deduction.overpayment) == Decimal("0.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        SettlementCorrection.objects.create(settlement=refunded, reversal=reversal, amount="400.00",
                                            created_by=finance, checker=finance)
    with pytest.raises(IntegrityError), transaction.atomic():
        SettlementCorrection.objects.create(settlement=refunded, reversal=reversal, amount="-1.00",
                                            created_by=finance, checker=officer)


@pytest.mark.postgres  # the payroll is generated by PostgreSQL-only SQL
def test_settlement_deduction_reversal_through_the_api_and_the_recipient_page(api, web, refunded, officer, officer2,
                                                                              clerk_a, clerk_b):
    deduction = Recovery.objects.get(method="deduction")
    url = f"/api/v1/recoveries/{deduction.pk}/reverse/"
    assert api(clerk_b).post(url, {"reason": "x"}).status_code in (403, 404)
    assert api(officer2).post(f"/api/v1/recoveries/{deduction.pk + 999}/reverse/", {"reason": "x"}).status_code \
        == 404
    made = api(officer2).post(url, {"reason": "扣减有误"})
    assert made.status_code == 201 and made.json()["amount"] == "-400.00"
    rid = made.json()["id"]
    assert api(officer2).post(f"/api/v1/recoveries/{rid}/confirm/").status_code == 400
    assert api(officer).post(f"/api/v1/recoveries/{rid}/confirm/").status_code == 200
    body = api(clerk_a).get(f"/api/v1/settlements/{refunded.pk}/").json()
    assert (body["amount"], body["corrected"], body["payable"]) == ("600.00", "400.00", "1000.00")
    assert [(c["reversal"], c["amount"]) for c in body["corrections"]] == [(rid, "400.00")]
    assert api(clerk_b).get(f"/api/v1/settlements/{refunded.pk}/").status_code == 404
    page = web(clerk_a).get(f"/benefits/recipients/{refunded.recipient_id}/").content.decode()
    assert 'id="settlement-payable"' in page and "1,000.00" in page


def test_clerks_and_auditors_cannot_reverse(repaid, clerk_a, clerk_b, auditor):
    for user in (clerk_a, clerk_b, auditor):
        with pytest.raises(PermissionDenied):
            services.recovery_reverse(actor=user, recovery=repaid, reason="x")
    assert Recovery.objects.count() == 1


def test_reversal_api_and_page(api, web, repaid, officer, finance, clerk_a, clerk_b):
    url = f"/api/v1/recoveries/{repaid.pk}/reverse/"
    assert api(clerk_b).post(url, {"reason": "x"}).status_code in (403, 404)
    assert api(clerk_a).post(url, {"reason": "x"}).status_code == 403
    assert api(finance).post(f"/api/v1/recoveries/{repaid.pk + 999}/reverse/", {"reason": "x"}).status_code == 404
    assert api(finance).post(url, {}).status_code == 400
    made = api(finance).post(url, {"reason": "银行退票"})
    assert made.status_code == 201 and made.json()["amount"] == "-100.00" and made.json()["reverses"] == repaid.pk
    assert api(finance).post(url, {"reason": "银行退票"}).status_code == 409
    rid = made.json()["id"]
    assert api(finance).post(f"/api/v1/recoveries/{rid}/confirm/").status_code == 400
    assert api(officer).post(f"/api/v1/recoveries/{rid}/confirm/").json()["status"] == "confirmed"
    over = repaid.overpayment
    assert api(clerk_a).get(f"/api/v1/overpayments/{over.pk}/").json()["outstanding"] == "600.00"
    page = web(officer).get(f"/benefits/recipients/{over.recipient_id}/").content.decode()
    assert "冲销" in page


def test_reversal_page_form_proposes_and_says_so(web, repaid, officer, finance, clerk_b):
    r_id = repaid.overpayment.recipient_id
    page = web(finance).get(f"/benefits/recipients/{r_id}/").content.decode()
    assert f'action="/benefits/recoveries/{repaid.pk}/reverse/"' in page
    assert web(clerk_b).post(f"/benefits/recoveries/{repaid.pk}/reverse/", {"reason": "x"}).status_code in (403, 404)
    done = web(finance).post(f"/benefits/recoveries/{repaid.pk}/reverse/",
                             {"reason": "银行退票", "next": f"/benefits/recipients/{r_id}/"}, follow=True)
    assert "冲销已登记" in done.content.decode()
    assert Recovery.objects.filter(reverses=repaid, status="proposed").exists()
