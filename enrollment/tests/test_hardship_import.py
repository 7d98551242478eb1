"""The county imports the civil-affairs and disability-federation lists (issue 10 item 6): every row is checked
first (a bad row names itself and nothing is written), each difference becomes a request that ANOTHER officer
confirms, residents not registered in the county are reported, and the import leaves its record."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from enrollment import hardship_changes
from enrollment.hardship_import import hardship_list_import
from enrollment.models import HardshipChange, HardshipImport
from pension import idnumber
from pension.models import OperationLog

HEADERS = ["身份证号码", "姓名", "困难类别"]


def _xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("民政低保名单.xlsx", buf.getvalue())


@pytest.fixture
def people(village_a, village_b, make_resident):
    return {
        "new": make_resident(village_a, name="孙七", enrolled=True),
        "same": make_resident(village_a, name="周八", enrolled=True, hardship="dibao"),
        "other": make_resident(village_b, name="郑十", enrolled=True, hardship="other"),
    }


def _import(actor, rows, source="civil_affairs"):
    with translation.override("zh-hans"):
        return hardship_list_import(actor=actor, source=source, upload=_xlsx(rows))


def test_each_difference_becomes_a_request_that_another_officer_confirms(officer, officer2, people, id_numbers):
    stranger = id_numbers()
    record = _import(officer, [[people["new"].id_number, "孙七", "低保"],
                               [people["same"].id_number, "周八", "低保对象"],
                               [people["other"].id_number, "郑十", "特困"],
                               [stranger, "陌生人", "低保"]])
    assert record.status == "accepted"
    assert (record.rows, record.requested, record.unchanged, record.unknown) == (4, 2, 1, 1)
    assert record.unknown_rows[0]["row"] == 5 and record.unknown_rows[0]["id"] == idnumber.mask(stranger)
    changes = {c.resident.name: c for c in HardshipChange.objects.select_related("resident")}
    assert set(changes) == {"孙七", "郑十"}
    new = changes["孙七"]
    assert (new.source, new.source_import, new.requested_by, new.to_category) == ("import", record, officer, "dibao")
    assert "第2行" in new.evidence and new.reason
    for person in people.values():
        person.refresh_from_db()
    assert (people["new"].hardship, people["other"].hardship) == ("none", "other")  # nothing changed by itself
    with pytest.raises(ValidationError):
        hardship_changes.hardship_change_confirm(actor=officer, change=new)  # the uploader is the requester
    hardship_changes.hardship_change_confirm(actor=officer2, change=new)
    people["new"].refresh_from_db()
    assert people["new"].hardship == "dibao"
    log = OperationLog.objects.get(action="hardship_import.import")
    assert log.after["requested"] == 2 and log.actor == officer


def test_a_bad_row_rejects_the_whole_list_naming_the_row_and_writes_no_request(officer, people):
    good = people["new"].id_number
    record = _import(officer, [[good, "孙七", "低保"],
                               [good[:17] + ("0" if good[17] != "0" else "1"), "错号", "低保"],
                               [people["other"].id_number, "", "小康"],
                               [good, "孙七", "低保"],
                               [int(people["same"].id_number[:15]), "周八", "低保"]])
    assert record.status == "rejected" and not HardshipChange.objects.exists()
    rows = {r["row"]: "；".join(r["errors"]) for r in record.error_rows}
    assert set(rows) == {3, 4, 5, 6}
    assert "校验位" in rows[3]
    assert "姓名" in rows[4] and "小康" in rows[4]
    assert "第2行" in rows[5]
    assert "数字" in rows[6] or "文本" in rows[6]


def test_a_list_names_only_its_own_categories(officer, people):
    record = _import(officer, [[people["new"].id_number, "孙七", "低保"]], source="disability")
    assert record.status == "rejected" and "残联" in record.error_rows[0]["errors"][0]
    record = _import(officer, [[people["new"].id_number, "孙七", "重度残疾"]], source="disability")
    assert record.status == "accepted" and HardshipChange.objects.get().to_category == "severe_disability"


def test_a_resident_already_waiting_is_counted_not_asked_twice(officer, clerk_a, people):
    hardship_changes.hardship_change_request(actor=clerk_a, resident=people["new"], to_category="tekun",
                                             reason="特困", evidence="特困证 1")
    record = _import(officer, [[people["new"].id_number, "孙七", "低保"]])
    assert (record.requested, record.waiting) == (0, 1) and HardshipChange.objects.count() == 1


def test_a_deceased_resident_is_reported_not_asked(officer, village_a, make_resident):
    import datetime

    dead = make_resident(village_a, name="故人", death_date=datetime.date(2026, 1, 5))
    record = _import(officer, [[dead.id_number, "故人", "低保"]])
    assert (record.requested, record.unknown) == (0, 1) and record.unknown_rows[0]["note"] == "已登记死亡。"


def test_only_a_county_officer_imports(clerk_a, people):
    with pytest.raises(PermissionDenied):
        _import(clerk_a, [[people["new"].id_number, "孙七", "低保"]])
    assert not HardshipImport.objects.exists()


def test_a_list_without_the_category_column_is_refused_in_chinese(officer, people):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        hardship_list_import(actor=officer, source="civil_affairs",
                             upload=_xlsx([[people["new"].id_number, "孙七"]], headers=["身份证号码", "姓名"]))
    assert "困难类别" in " ".join(caught.value.messages)
    assert not HardshipImport.objects.exists()


# --- pages --------------------------------------------------------------------------------------------------------

def test_the_officer_uploads_on_the_page_and_sees_the_requests(web, officer, people):
    client = web(officer)
    assert client.get(reverse("enrollment:hardship_import_list")).status_code == 200
    response = client.post(reverse("enrollment:hardship_import_list"), {
        "source": "civil_affairs", "file": _xlsx([[people["new"].id_number, "孙七", "低保"]])}, follow=True)
    page = response.content.decode()
    assert "孙七" in page and 'id="import-requested">1<' in page


def test_a_rejected_list_offers_the_error_workbook(web, officer, people):
    record = _import(officer, [[people["new"].id_number, "", "低保"]])
    client = web(officer)
    page = client.get(reverse("enrollment:hardship_import_detail", args=[record.pk])).content.decode()
    assert "未导入任何数据" in page
    response = client.get(reverse("enrollment:hardship_import_errors", args=[record.pk]))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert 2 in cells and any("姓名" in str(c) for c in cells)


def test_the_template_has_the_columns_the_import_reads(web, officer):
    response = web(officer).get(reverse("enrollment:hardship_import_template"))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert HEADERS == [c for c in next(ws.iter_rows(values_only=True)) if c][:3]


def test_import_pages_are_for_county_officers_only(web, clerk_a, officer, people):
    record = _import(officer, [[people["new"].id_number, "孙七", "低保"]])
    client = web(clerk_a)
    assert client.get(reverse("enrollment:hardship_import_list")).status_code == 403
    assert client.get(reverse("enrollment:hardship_import_detail", args=[record.pk])).status_code == 403
