"""Another state pension (企业职工养老保险, 机关事业): reported by the township, checked by a second county person;
nobody draws both — no award and no payroll while it is on file, a confirmation stops the pension."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from benefits import services
from benefits.models import OtherPension, Overpayment, PayrollLine, Settlement
from benefits.months import add_months
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db

THIS = datetime.date.today().replace(day=1)


@pytest.fixture
def sixty(make_resident, village_a, credit_years, officer):
    nxt = add_months(THIS, 1).replace(day=10)
    r = make_resident(village_a, name="钱大爷", birth=nxt.replace(year=nxt.year - 60))
    credit_years(r, range(2005, 2022), maker=officer)
    return r


def _report(actor, resident, **kw):
    args = {"kind": "employee", "started_on": add_months(THIS, -1).replace(day=15), "note": "企业退休审批表 2026-118"}
    return services.other_pension_report(actor=actor, resident_id=resident.pk, **{**args, **kw})


def test_a_reported_other_pension_blocks_the_award_until_rejected_by_a_second_person(sixty, clerk_a, officer,
                                                                                        officer2):
    row = _report(clerk_a, sixty)
    assert row.status == "reported" and OperationLog.objects.filter(action="other_pension.report").exists()
    with pytest.raises(ValidationError) as exc:
        services.award_propose(actor=clerk_a, resident=sixty)
    assert "不能同时领取" in str(exc.value)
    services.other_pension_reject(actor=officer, other_pension=row, reason="查无此人退休记录")
    award = services.award_propose(actor=clerk_a, resident=sixty)
    _report(clerk_a, sixty)  # reported again while the award waits
    with pytest.raises(ValidationError):
        services.award_approve(actor=officer2, award=award)


def test_the_reporter_cannot_check_their_own_report_and_the_database_refuses_it(sixty, officer, clerk_a):
    row = _report(officer, sixty)
    with pytest.raises(ValidationError) as exc:
        services.other_pension_confirm(actor=officer, other_pension=row)
    assert "checker" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.other_pension_confirm(actor=clerk_a, other_pension=row)
    with pytest.raises(IntegrityError), transaction.atomic():
        OtherPension.objects.filter(pk=row.pk).update(checker=officer)


def test_confirming_stops_the_pension_refunds_less_subsidies_and_records_the_basic_pension_overpaid(
        make_recipient, village_a, credit_years, clerk_a, officer):
    r = make_recipient(village_a, monthly_amount="300.00", basic_amount="200.00", start_month=add_months(THIS, -3))
    credit_years(r.resident, [2015, 2016], parts={"personal": "500", "subsidy_provincial": "100"}, maker=officer)
    services.payroll_generate(actor=officer, month=add_months(THIS, -1))  # paid through last month
    row = _report(clerk_a, r.resident, started_on=add_months(THIS, -2).replace(day=20))
    services.other_pension_confirm(actor=officer, other_pension=row)
    r.refresh_from_db()
    assert (r.status, r.stop_reason, r.stopped_from) == ("stopped", "double_receipt", add_months(THIS, -2))
    over = Overpayment.objects.get(recipient=r)
    assert over.amount == Decimal("400.00")  # basic pension of the two months since the other began
    s = Settlement.objects.get(recipient=r)
    assert (s.kind, s.balance, s.subsidies) == ("refund", Decimal("1200.00"), Decimal("200.00"))
    with pytest.raises(Conflict):
        services.other_pension_confirm(actor=officer, other_pension=row)


def test_the_payroll_holds_a_recipient_while_a_report_waits_and_pays_the_held_months_after_rejection(
        make_recipient, village_a, clerk_a, officer):
    held = make_recipient(village_a, start_month=add_months(THIS, -1))
    other = make_recipient(village_a, start_month=add_months(THIS, -1))
    row = _report(clerk_a, held.resident)
    p1 = services.payroll_generate(actor=officer, month=add_months(THIS, -1))
    assert list(PayrollLine.objects.filter(payroll=p1).values_list("recipient_id", flat=True)) == [other.pk]
    services.other_pension_reject(actor=officer, other_pension=row, reason="同名误报")
    line = PayrollLine.objects.get(payroll=services.payroll_generate(actor=officer, month=THIS), recipient=held)
    assert (line.first_month, line.months) == (add_months(THIS, -1), 2)


def test_a_stop_for_double_receipt_puts_the_other_pension_on_file(make_recipient, village_a, officer):
    r = make_recipient(village_a, start_month=add_months(THIS, -1))
    services.recipient_stop_for_double_receipt(actor=officer, recipient=r, other_pension_start=THIS,
                                               reason="机关事业退休", source="certification.match")
    assert services.other_pension_on_file(resident_id=r.resident_id)
    assert OtherPension.objects.get(resident=r.resident).status == "confirmed"


def test_report_input_is_checked_and_a_second_live_report_conflicts(sixty, clerk_a):
    for field, kw in [("kind", {"kind": "x"}), ("started_on", {"started_on": add_months(THIS, 2)}),
                      ("note", {"note": "  "})]:
        with pytest.raises(ValidationError) as exc:
            _report(clerk_a, sixty, **kw)
        assert field in exc.value.message_dict
    _report(clerk_a, sixty)
    with pytest.raises(Conflict):
        _report(clerk_a, sixty)


def test_clerk_of_township_b_gets_404_reporting_a_township_a_resident(sixty, clerk_b):
    with pytest.raises(Http404):
        _report(clerk_b, sixty)
    assert not OtherPension.objects.exists()


def test_other_pension_api_report_scope_and_second_person_check(api, sixty, clerk_a, clerk_b, officer):
    body = {"resident": sixty.pk, "kind": "civil_service", "started_on": "2026-01-05", "note": "人社局通报"}
    assert api(clerk_b).post("/api/v1/other-pensions/", body, format="json").status_code == 404
    r = api(clerk_a).post("/api/v1/other-pensions/", body, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert "*" in r.json()["id_number"]
    assert api(clerk_b).get(f"/api/v1/other-pensions/{pk}/").status_code == 404
    assert api(clerk_b).get("/api/v1/other-pensions/").json()["results"] == []
    assert api(clerk_a).post(f"/api/v1/other-pensions/{pk}/confirm/").status_code == 403
    assert api(clerk_a).post("/api/v1/other-pensions/", body, format="json").status_code == 409
    bad = api(clerk_a).post("/api/v1/other-pensions/", {**body, "started_on": "2026-02-30"}, format="json")
    assert bad.status_code == 400 and "started_on" in bad.json()["errors"]
    assert api(officer).post(f"/api/v1/other-pensions/{pk}/reject/", {}, format="json").status_code == 400
    ok = api(officer).post(f"/api/v1/other-pensions/{pk}/confirm/")
    assert ok.status_code == 200 and ok.json()["status"] == "confirmed"


def test_other_pension_page_reports_by_id_number_and_the_county_confirms(web, sixty, clerk_a, clerk_b, officer):
    page = web(clerk_a).get("/benefits/other-pensions/")
    assert page.status_code == 200 and "登记其他养老金" in page.content.decode()
    web(clerk_a).post("/benefits/other-pensions/", {"id_number": sixty.id_number, "kind": "employee",
                                                    "started_on": "2026-01-05", "note": "企业退休"})
    row = OtherPension.objects.get()
    assert row.status == "reported"
    r = web(clerk_b).post("/benefits/other-pensions/", {"id_number": "x", "kind": "employee",
                                                        "started_on": "2026-01-05", "note": "n"}, follow=True)
    assert r.status_code == 200 and OtherPension.objects.count() == 1
    assert web(clerk_b).post(f"/benefits/other-pensions/{row.pk}/check/", {"decision": "confirm"}).status_code == 403
    web(officer).post(f"/benefits/other-pensions/{row.pk}/check/", {"decision": "confirm"})
    row.refresh_from_db()
    assert row.status == "confirmed" and row.checker == officer


def test_the_payroll_page_says_how_many_recipients_are_held_for_another_pension(web, make_recipient, village_a,
                                                                                 clerk_a, officer):
    held = make_recipient(village_a, start_month=THIS)
    make_recipient(village_a, start_month=THIS)
    _report(clerk_a, held.resident)
    payroll = services.payroll_generate(actor=officer, month=THIS)
    page = web(officer).get(f"/benefits/payrolls/{payroll.pk}/").content.decode()
    row = page[page.index('id="held-other_pension"'):]
    assert "因登记其他养老金暂缓发放" in row[:300] and '<td class="num">1</td>' in row[:400]
