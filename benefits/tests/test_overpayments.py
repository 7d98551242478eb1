"""Settlements (heirs, double-receipt refund less subsidies) and recovering overpayments, each checked by a
second person before money moves or counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from benefits import services
from benefits.models import BenefitParameter, Overpayment, Settlement
from funds.models import AccountEntry
from pension.errors import Conflict

pytestmark = pytest.mark.django_db

THIS = datetime.date.today().replace(day=1)


def months_ago(n):
    from benefits.months import add_months

    return add_months(THIS, -n)


@pytest.fixture
def recipient(make_recipient, village_a, credit_years, officer):
    """300.00 a month (200.00 basic), paid from three months ago; the account holds 2 × (500 personal + 100
    provincial + 50 county) = 1,300.00, of which 300.00 are subsidies."""
    r = make_recipient(village_a, monthly_amount="300.00", basic_amount="200.00", start_month=months_ago(3))
    credit_years(r.resident, [2015, 2016], parts={"personal": "500", "subsidy_provincial": "100",
                                                  "subsidy_county": "50"}, maker=officer)
    return r


def test_double_receipt_refunds_the_balance_less_subsidies_less_the_basic_pension_overpaid(recipient, officer,
                                                                                          finance):
    services.payroll_generate(actor=officer, month=THIS)  # 4 months paid: 4 × 300, account not yet debited
    services.recipient_stop_for_double_receipt(actor=officer, recipient=recipient,
                                               other_pension_start=months_ago(1).replace(day=20),
                                               reason="企业退休", source="stop_request")
    over = Overpayment.objects.get(recipient=recipient)
    assert over.amount == Decimal("400.00")  # basic pension of 2 months (last month and this): 2 × 200
    s = Settlement.objects.get(recipient=recipient)
    assert s.status == "proposed" and s.amount == Decimal("600.00")
    assert sum(e.amount for e in AccountEntry.objects.all()) == Decimal("1300.00")  # nothing moved yet
    services.settlement_approve(actor=finance, settlement=s)
    s.refresh_from_db()
    # 1,300.00 balance − 300.00 subsidies = 1,000.00; 400.00 deducted → 600.00 refunded
    assert (s.kind, s.balance, s.subsidies, s.deducted, s.amount) == (
        "refund", Decimal("1300.00"), Decimal("300.00"), Decimal("400.00"), Decimal("600.00"))
    assert sum(e.amount for e in AccountEntry.objects.all()) == Decimal("0.00")  # account closed


def test_death_pays_the_heirs_the_balance_and_funeral_grant_less_the_overpayment(recipient, officer, officer2):
    BenefitParameter.objects.update(funeral_grant=Decimal("1000.00"))
    services.payroll_generate(actor=officer, month=THIS)
    services.recipient_stop_for_death(actor=officer, recipient=recipient,
                                      death_date=months_ago(1).replace(day=3), reason="死亡", source="stop_request")
    s = services.settlement_approve(actor=officer2, settlement=Settlement.objects.get(recipient=recipient))
    # overpaid: this month, 300.00; 1,300.00 + 1,000.00 − 300.00 = 2,000.00
    assert (s.kind, s.subsidies, s.funeral_grant, s.deducted, s.amount) == (
        "heirs", Decimal("0.00"), Decimal("1000.00"), Decimal("300.00"), Decimal("2000.00"))
    with pytest.raises(Conflict):
        services.settlement_close(actor=officer, recipient=recipient)


def test_an_overpayment_larger_than_the_settlement_stays_owed_and_is_recovered_in_instalments(
        make_recipient, village_a, officer, finance):
    r = make_recipient(village_a, monthly_amount="300.00", basic_amount="200.00", start_month=months_ago(3))
    services.payroll_generate(actor=officer, month=THIS)
    services.recipient_stop_for_death(actor=officer, recipient=r, death_date=months_ago(3).replace(day=28),
                                      reason="死亡", source="stop_request")
    over = Overpayment.objects.get(recipient=r)
    assert over.amount == Decimal("900.00")
    from benefits.services.overpayments import outstanding

    assert outstanding(over) == Decimal("900.00")  # no account to deduct from
    first = services.recovery_record(actor=finance, overpayment=over, method="instalment", amount="300")
    second = services.recovery_record(actor=officer, overpayment=over, method="repayment", amount="500.00")
    assert outstanding(over) == Decimal("900.00")  # nothing counts before a second person confirms
    with pytest.raises(ValidationError) as exc:  # waiting recoveries count against what may still be recorded
        services.recovery_record(actor=finance, overpayment=over, method="repayment", amount="100.01")
    services.recovery_confirm(actor=officer, recovery=first)
    services.recovery_confirm(actor=finance, recovery=second)
    assert outstanding(over) == Decimal("100.00")
    with pytest.raises(ValidationError) as exc:
        services.recovery_record(actor=finance, overpayment=over, method="repayment", amount="100.01")
    assert "amount" in exc.value.message_dict
    for bad in ({"method": "deduction", "amount": "1"}, {"method": "repayment", "amount": "abc"},
                {"method": "repayment", "amount": "-5"}):
        with pytest.raises(ValidationError):
            services.recovery_record(actor=finance, overpayment=over, **bad)


def test_a_clerk_cannot_record_a_recovery(make_recipient, village_a, officer, clerk_a):
    r = make_recipient(village_a, start_month=months_ago(2))
    services.payroll_generate(actor=officer, month=THIS)
    services.recipient_stop_for_death(actor=officer, recipient=r, death_date=months_ago(2).replace(day=1),
                                      reason="死亡", source="stop_request")
    with pytest.raises(PermissionDenied):
        services.recovery_record(actor=clerk_a, overpayment=Overpayment.objects.get(), method="repayment",
                                 amount="1")


def test_the_one_who_stopped_the_pension_cannot_approve_its_settlement_nor_the_database(recipient, officer,
                                                                                         finance):
    from django.db import IntegrityError, transaction

    services.recipient_stop_for_death(actor=officer, recipient=recipient, death_date=months_ago(1).replace(day=3),
                                      reason="死亡", source="stop_request")
    s = Settlement.objects.get(recipient=recipient)
    with pytest.raises(ValidationError) as exc:
        services.settlement_approve(actor=officer, settlement=s)
    assert "checker" in exc.value.message_dict and "他人" in str(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Settlement.objects.filter(pk=s.pk).update(checker=officer)
    services.settlement_approve(actor=finance, settlement=s)
    with pytest.raises(Conflict):
        services.settlement_approve(actor=finance, settlement=s)


def test_the_one_who_recorded_a_recovery_cannot_confirm_it_and_a_rejected_one_never_counts(
        make_recipient, village_a, officer, finance, officer2):
    from django.db import IntegrityError, transaction

    from benefits.models import Recovery
    from benefits.services.overpayments import outstanding

    r = make_recipient(village_a, start_month=months_ago(2))
    services.payroll_generate(actor=officer, month=THIS)
    services.recipient_stop_for_death(actor=officer, recipient=r, death_date=months_ago(2).replace(day=1),
                                      reason="死亡", source="stop_request")
    over = Overpayment.objects.get()
    rec = services.recovery_record(actor=finance, overpayment=over, method="repayment", amount="100")
    with pytest.raises(ValidationError):
        services.recovery_confirm(actor=finance, recovery=rec)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recovery.objects.filter(pk=rec.pk).update(checker=finance)
    with pytest.raises(ValidationError):
        services.recovery_reject(actor=officer2, recovery=rec, reason=" ")
    services.recovery_reject(actor=officer2, recovery=rec, reason="银行未到账")
    assert outstanding(over) == over.amount
    with pytest.raises(Conflict):
        services.recovery_confirm(actor=officer, recovery=rec)


def test_settlement_and_recovery_api_second_person_and_scope(api, recipient, officer, finance, clerk_b):
    services.payroll_generate(actor=officer, month=THIS)
    services.recipient_stop_for_death(actor=officer, recipient=recipient, death_date=months_ago(1).replace(day=3),
                                      reason="死亡", source="stop_request")
    s = Settlement.objects.get()
    assert api(clerk_b).get(f"/api/v1/settlements/{s.pk}/").status_code == 404
    assert api(officer).post(f"/api/v1/settlements/{s.pk}/approve/").status_code == 400
    ok = api(finance).post(f"/api/v1/settlements/{s.pk}/approve/")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    over = Overpayment.objects.get()
    r = api(finance).post(f"/api/v1/overpayments/{over.pk}/recoveries/", {"method": "repayment", "amount": "1"},
                          format="json")
    if r.status_code == 201:  # something still owed after the deduction
        rid = [x for x in r.json()["recoveries"] if x["status"] == "proposed"][0]["id"]
        assert api(finance).post(f"/api/v1/recoveries/{rid}/confirm/").status_code == 400
        assert api(officer).post(f"/api/v1/recoveries/{rid}/confirm/").json()["status"] == "confirmed"
    else:
        assert r.status_code == 400
