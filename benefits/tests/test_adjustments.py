"""The yearly adjustment (调待): new amounts from the parameter's month, arrears for months already paid."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from benefits import services
from benefits.models import Adjustment, BenefitParameter, PayrollLine, Recipient
from benefits.months import add_months

pytestmark = pytest.mark.django_db
THIS = datetime.date.today().replace(day=1)


def test_an_adjustment_from_two_months_ago_pays_the_difference_as_arrears_after_approval(
        make_recipient, village_a, village_b, officer, officer2):
    params = BenefitParameter.objects.filter(valid_from__lte=THIS).order_by("-valid_from").first()
    levels = params.basic_total
    a = make_recipient(village_a, monthly_amount=str(levels + 100), basic_amount=str(levels),
                       start_month=add_months(THIS, -5))
    Recipient.objects.filter(pk=a.pk).update(basic_national=params.basic_national,
                                             basic_provincial=params.basic_provincial,
                                             basic_county=params.basic_county)
    b = make_recipient(village_b, monthly_amount=str(levels + 100), basic_amount=str(levels),
                       start_month=add_months(THIS, -5))
    Recipient.objects.filter(pk=b.pk).update(basic_national=params.basic_national,
                                             basic_provincial=params.basic_provincial,
                                             basic_county=params.basic_county)
    services.payroll_generate(actor=officer, month=add_months(THIS, -1))  # paid through last month
    # The province raises its top-up by 15 yuan from two months ago (announced late).
    new = BenefitParameter.objects.create(
        valid_from=add_months(THIS, -2), basic_national=params.basic_national,
        basic_provincial=params.basic_provincial + 15, basic_county=params.basic_county,
        source="provincial notice")
    adjustments = services.adjustment_prepare(actor=officer, parameter=new)
    assert len(adjustments) == 2  # one per township
    adj_a = Adjustment.objects.get(township=a.township)
    line = adj_a.lines.get()
    assert (line.months_paid, line.arrears) == (2, Decimal("30.00"))
    assert services.adjustment_prepare(actor=officer, parameter=new)  # recomputed, not doubled
    assert adj_a.lines.count() == 1
    with pytest.raises(ValidationError):
        services.adjustment_approve(actor=officer, adjustment=adj_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Adjustment.objects.filter(pk=adj_a.pk).update(checker=officer)
    services.adjustment_approve(actor=officer2, adjustment=adj_a)
    a.refresh_from_db()
    assert a.basic_provincial == params.basic_provincial + 15 and a.monthly_amount == levels + 115
    p = services.payroll_generate(actor=officer, month=THIS)
    la = PayrollLine.objects.get(payroll=p, recipient=a)
    assert la.arrears == Decimal("30.00") and la.amount == levels + 115 + 30
    lb = PayrollLine.objects.get(payroll=p, recipient=b)  # township B not approved yet: old amount
    assert lb.arrears == 0 and lb.amount == levels + 100


def test_a_list_gone_stale_since_it_was_listed_is_refused_until_listed_again(make_recipient, village_a, officer,
                                                                              officer2):
    from pension.errors import Conflict

    params = BenefitParameter.objects.filter(valid_from__lte=THIS).order_by("-valid_from").first()
    levels = params.basic_total
    a = make_recipient(village_a, monthly_amount=str(levels + 100), basic_amount=str(levels),
                       start_month=add_months(THIS, -5))
    Recipient.objects.filter(pk=a.pk).update(basic_national=params.basic_national,
                                             basic_provincial=params.basic_provincial,
                                             basic_county=params.basic_county)
    services.payroll_generate(actor=officer, month=add_months(THIS, -1))
    new = BenefitParameter.objects.create(
        valid_from=add_months(THIS, -2), basic_national=params.basic_national,
        basic_provincial=params.basic_provincial + 15, basic_county=params.basic_county, source="省厅通知")
    services.adjustment_prepare(actor=officer, parameter=new)
    adj = Adjustment.objects.get(township=a.township)
    services.payroll_generate(actor=officer, month=THIS)  # one more month paid at the old amount
    late = make_recipient(village_a, monthly_amount=str(levels + 100), basic_amount=str(levels),
                          start_month=add_months(THIS, -1))  # awarded since the listing
    Recipient.objects.filter(pk=late.pk).update(basic_national=params.basic_national,
                                                basic_provincial=params.basic_provincial,
                                                basic_county=params.basic_county)
    with pytest.raises(Conflict) as exc:
        services.adjustment_approve(actor=officer2, adjustment=adj)
    assert "重新" in str(exc.value)
    services.adjustment_prepare(actor=officer, parameter=new)
    adj.refresh_from_db()
    assert adj.recipients == 2 and adj.lines.get(recipient=a).arrears == Decimal("45.00")
    services.adjustment_approve(actor=officer2, adjustment=adj)


def test_relisting_marks_a_recipient_no_longer_on_the_list_withdrawn_and_never_deletes_a_line(
        make_recipient, village_a, officer, officer2):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benefits.models import AdjustmentLine

    params = BenefitParameter.objects.filter(valid_from__lte=THIS).order_by("-valid_from").first()
    levels = params.basic_total
    people = [make_recipient(village_a, monthly_amount=str(levels + 100), basic_amount=str(levels),
                             start_month=add_months(THIS, -5)) for _ in range(3)]
    Recipient.objects.filter(pk__in=[p.pk for p in people]).update(
        basic_national=params.basic_national, basic_provincial=params.basic_provincial,
        basic_county=params.basic_county)
    services.payroll_generate(actor=officer, month=add_months(THIS, -1))
    new = BenefitParameter.objects.create(
        valid_from=add_months(THIS, -2), basic_national=params.basic_national,
        basic_provincial=params.basic_provincial + 15, basic_county=params.basic_county, source="省厅通知")
    services.adjustment_prepare(actor=officer, parameter=new)
    adj = Adjustment.objects.get(township=people[0].township)
    gone, back = people[0], people[1]
    services.recipient_stop_for_death(actor=officer, recipient=gone, death_date=add_months(THIS, -1),
                                      reason="死亡", source="stop_request")
    with CaptureQueriesContext(connection) as ctx:
        services.adjustment_prepare(actor=officer, parameter=new)
    assert not [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("DELETE")]
    line = AdjustmentLine.objects.get(adjustment=adj, recipient=gone)
    assert line.status == "withdrawn" and line.withdrawn_at is not None
    adj.refresh_from_db()
    assert adj.recipients == 2 and adj.arrears_total == Decimal("60.00")
    assert AdjustmentLine.objects.filter(adjustment=adj).count() == 3
    # a recipient back on the list (listed again) has its line listed again, not a second one
    Recipient.objects.filter(pk=back.pk).update(basic_provincial=params.basic_provincial + 15,
                                                basic_amount=levels + 15, monthly_amount=levels + 115)
    services.adjustment_prepare(actor=officer, parameter=new)
    assert AdjustmentLine.objects.get(adjustment=adj, recipient=back).status == "withdrawn"
    Recipient.objects.filter(pk=back.pk).update(basic_provincial=params.basic_provincial, basic_amount=levels,
                                                monthly_amount=levels + 100)
    services.adjustment_prepare(actor=officer, parameter=new)
    again = AdjustmentLine.objects.get(adjustment=adj, recipient=back)
    assert (again.status, again.withdrawn_at, again.arrears) == ("listed", None, Decimal("30.00"))
    services.adjustment_approve(actor=officer2, adjustment=adj)
    p = services.payroll_generate(actor=officer, month=THIS)
    assert not PayrollLine.objects.filter(payroll=p, recipient=gone).exists()
    assert PayrollLine.objects.get(payroll=p, recipient=back).arrears == Decimal("30.00")
    assert AdjustmentLine.objects.get(adjustment=adj, recipient=gone).paid_in_id is None
