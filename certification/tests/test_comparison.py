"""Data comparison (数据比对): lists of deaths, medical-insurance use and other pensions uploaded by the county
through the kernel's one Excel reader, matched by ID number; a sign of life certifies, a death or another pension
becomes a case that another county officer decides. All or nothing, Chinese messages, scope on every page."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from benefits.models import Overpayment
from certification import services
from certification.models import CampaignEntry, ComparisonImport, EntryStatus, MatchCase, Record
from pension.models import OperationLog
from pension.tests.test_hostile_workbooks import HOSTILE

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
HEADERS = {"deaths": "死亡日期", "medical": "就诊日期", "retirees": "退休金起始日期"}


def workbook(kind, rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["身份证号码", "姓名", HEADERS[kind]])
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("比对.xlsx", buf.getvalue())


def upload(client, kind, rows, source="民政局"):
    return client.post(reverse("certification:comparison_list"),
                       {"kind": kind, "source_name": source, "file": workbook(kind, rows)})


def test_death_list_opens_a_case_that_another_officer_stops_with_the_overpayment(web, officer, officer2, campaign,
                                                                                 recipients, today):
    r = recipients[0]
    r.paid_through = datetime.date(today.year, today.month, 1)
    r.save(update_fields=["paid_through"])
    death = datetime.date(today.year, today.month, 1) - datetime.timedelta(days=70)
    outsider = "110101199003070038"
    resp = upload(web(officer), "deaths", [(r.resident.id_number, r.resident.name, death.isoformat()),
                                           (outsider, "无关人", death.isoformat())])
    record = ComparisonImport.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("certification:comparison_detail", args=[record.pk])
    assert (record.status, record.rows, record.matched, record.cases) == ("accepted", 2, 1, 1)
    case = MatchCase.objects.get()
    assert case.kind == "death" and case.event_date == death and case.source_import == record
    assert OperationLog.objects.filter(action="comparison.import").exists()

    page = web(officer).get(reverse("certification:comparison_detail", args=[record.pk])).content.decode()
    assert r.resident.id_number not in page and r.resident.name in page
    # Who uploaded the list does not decide its cases.
    web(officer).post(reverse("certification:match_decide", args=[case.pk]), {"decision": "stop"})
    case.refresh_from_db()
    assert case.status == "open"
    resp = web(officer2).post(reverse("certification:match_decide", args=[case.pk]),
                              {"decision": "stop", "note": "民政局死亡名单"})
    assert resp.status_code == 302
    case.refresh_from_db()
    r.refresh_from_db()
    assert case.status == "stopped" and case.decided_by == officer2
    assert r.status == "stopped" and r.stop_reason == "death"
    assert Overpayment.objects.get(recipient=r).amount > Decimal("0")
    assert CampaignEntry.objects.get(campaign=campaign, resident=r.resident).status == EntryStatus.CLOSED


def test_medical_use_inside_the_campaign_window_certifies_by_data_comparison(web, officer, campaign, recipients,
                                                                            today):
    used = today - datetime.timedelta(days=2)
    before_window = campaign.starts_on - datetime.timedelta(days=5)
    upload(web(officer), "medical", [(recipients[0].resident.id_number, recipients[0].resident.name, used),
                                     (recipients[1].resident.id_number, recipients[1].resident.name, before_window)])
    record = ComparisonImport.objects.get()
    assert (record.matched, record.certified, record.cases) == (2, 1, 0)
    entry = CampaignEntry.objects.get(campaign=campaign, resident=recipients[0].resident)
    assert entry.status == EntryStatus.CERTIFIED and entry.mode == "data_comparison" and entry.certified_on == used
    assert Record.objects.get(resident=recipients[0].resident).source == Record.Source.COMPARISON
    assert CampaignEntry.objects.get(campaign=campaign, resident=recipients[1].resident).status == EntryStatus.DUE
    # The same list again certifies nobody twice and fails on nothing.
    upload(web(officer), "medical", [(recipients[0].resident.id_number, recipients[0].resident.name, used)])
    assert Record.objects.filter(resident=recipients[0].resident).count() == 1


def test_retiree_list_ends_in_a_stop_for_double_receipt(officer, officer2, campaign, recipients, today):
    r = recipients[2]
    start = today - datetime.timedelta(days=40)
    record = services.comparison_import(actor=officer, kind="retirees", source_name="人社局",
                                        upload=workbook("retirees", [(r.resident.id_number, r.resident.name,
                                                                      start.isoformat())]))
    case = MatchCase.objects.get(source_import=record)
    assert case.kind == "other_pension"
    services.match_decide(actor=officer2, case=case, decision="stop", note="企业退休")
    r.refresh_from_db()
    assert r.status == "stopped" and r.stop_reason == "double_receipt"
    # A second list naming the same person opens no new case: the pension has stopped.
    again = services.comparison_import(actor=officer, kind="retirees", upload=workbook(
        "retirees", [(r.resident.id_number, r.resident.name, start.isoformat())]))
    assert again.matched == 0 and MatchCase.objects.count() == 1


def test_one_bad_row_rejects_the_whole_list_with_a_chinese_error_workbook(web, officer, campaign, recipients, today):
    good = recipients[0].resident
    bad_check_digit = good.id_number[:17] + ("0" if good.id_number[17] != "0" else "1")
    resp = upload(web(officer), "deaths", [
        (good.id_number, good.name, today.isoformat()),
        (bad_check_digit, "李四", today.isoformat()),
        (recipients[1].resident.id_number, "", (today + datetime.timedelta(days=3)).isoformat()),
        (recipients[2].resident.id_number, "王老五", "2026-02-30"),
        (1.40431195003101e17, "数字", today.isoformat()),
    ])
    record = ComparisonImport.objects.get()
    assert record.status == "rejected" and [r["row"] for r in record.error_rows] == [3, 4, 5, 6]
    assert not MatchCase.objects.exists() and not Record.objects.exists()
    for row in record.error_rows:
        assert CJK.search(" ".join(row["errors"])), row
        assert good.id_number not in str(row)
    page = web(officer).get(resp.url).content.decode()
    assert "没有导入" in page or "未导入" in page or "全部" in page
    errors = web(officer).get(reverse("certification:comparison_errors", args=[record.pk]))
    assert errors.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(errors.streaming_content) if errors.streaming else errors.content))
    text = " ".join(str(c.value) for row in sheet.active.iter_rows() for c in row if c.value)
    assert "身份证" in text and "日期" in text and "姓名" in text
    assert bad_check_digit not in text


def test_a_list_without_the_date_column_is_refused_in_chinese(officer, recipients):
    wb = Workbook()
    wb.active.append(["身份证号码", "姓名"])
    wb.active.append([recipients[0].resident.id_number, "张大山"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidationError) as caught:
        services.comparison_import(actor=officer, kind="deaths", upload=SimpleUploadedFile("x.xlsx", buf.getvalue()))
    assert CJK.search(" ".join(caught.value.messages))
    assert not ComparisonImport.objects.exists()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_comparison_upload_refuses_hostile_file_in_chinese_and_saves_nothing(kind, web, officer, recipients):
    resp = web(officer).post(reverse("certification:comparison_list"), {
        "kind": "deaths", "file": SimpleUploadedFile("死亡.xlsx", HOSTILE[kind]())}, follow=True)
    assert resp.status_code == 200
    shown = " ".join(str(m) for m in resp.context["messages"])
    assert CJK.search(shown), shown
    assert not ComparisonImport.objects.exists() and not MatchCase.objects.exists()


def test_unknown_kind_or_missing_file_answers_chinese_never_500(web, officer):
    for data in ({"kind": "gossip"}, {"kind": "deaths"}):
        resp = web(officer).post(reverse("certification:comparison_list"), data, follow=True)
        assert resp.status_code == 200
        assert CJK.search(" ".join(str(m) for m in resp.context["messages"]))
    assert not ComparisonImport.objects.exists()


def test_only_the_county_imports_and_decides_and_township_users_never_see_the_lists(
        web, officer, clerk_a, clerk_b, auditor, campaign, recipients, today):
    r = recipients[0]
    record = services.comparison_import(actor=officer, kind="deaths", upload=workbook(
        "deaths", [(r.resident.id_number, r.resident.name, today.isoformat())]))
    case = MatchCase.objects.get()
    assert upload(web(clerk_a), "deaths", [(r.resident.id_number, r.resident.name, today)]).status_code == 403
    assert upload(web(auditor), "deaths", [(r.resident.id_number, r.resident.name, today)]).status_code == 403
    assert ComparisonImport.objects.count() == 1
    assert web(clerk_a).post(reverse("certification:match_decide", args=[case.pk]),
                             {"decision": "dismiss", "note": "x"}).status_code == 403
    for user in (clerk_a, clerk_b):
        assert web(user).get(reverse("certification:comparison_detail", args=[record.pk])).status_code == 404
        assert web(user).get(reverse("certification:comparison_errors", args=[record.pk])).status_code == 404
    # The township whose resident it is sees the case on the list; the other township does not.
    assert r.resident.name in web(clerk_a).get(reverse("certification:comparison_list")).content.decode()
    assert r.resident.name not in web(clerk_b).get(reverse("certification:comparison_list")).content.decode()
    assert web(auditor).get(reverse("certification:comparison_detail", args=[record.pk])).status_code == 200
    with pytest.raises(Exception):
        services.comparison_import(actor=clerk_a, kind="deaths", upload=workbook("deaths", []))


def test_templates_download_with_chinese_headers(web, officer):
    for kind, header in HEADERS.items():
        resp = web(officer).get(reverse("certification:comparison_template", args=[kind]))
        assert resp.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(resp.streaming_content) if resp.streaming else resp.content))
        assert [c.value for c in sheet.active[1]] == ["身份证号码", "姓名", header]
    assert web(officer).get(reverse("certification:comparison_template", args=["gossip"])).status_code == 404
