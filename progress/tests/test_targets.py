import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from pension.models import OperationLog
from progress import selectors
from progress.models import Milestone, Target, TargetImport
from progress.services import milestone_retire, milestone_set, target_import, thresholds_set

HEADER = ["区划代码", "区划名称", "参保目标（人）", "征缴目标（缴费人数）", "征缴目标（金额，元）", "摸底应参保人数"]


def workbook(rows, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("targets.xlsx", buf.getvalue())


def read_xlsx(content: bytes):
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


@pytest.mark.django_db
def test_a_correct_workbook_imports_every_row(officer, township_a, township_b, village_a, year):
    batch = target_import(actor=officer, year=year, filename="targets.xlsx", fileobj=workbook([
        [township_a.code, township_a.name, 1000, 900, 270000, 1100],
        [int(township_b.code), township_b.name, "1,200", 1000, "300000.50", 1300],  # a code typed as a number
        [None, None, None, None, None, None],  # blank rows are skipped
        [village_a.code, village_a.name, 100, 90, 27000, 110],
    ]))
    assert batch.status == "accepted" and batch.imported == 3
    t = Target.objects.get(area=township_b, current=True)
    assert (t.enrolment_target, t.paying_target, t.amount_target, t.eligible) == (
        1200, 1000, Decimal("300000.50"), 1300)
    assert Target.objects.get(area=village_a).township == township_a
    assert OperationLog.objects.filter(action="target.import", object_id=str(batch.pk)).exists()


@pytest.mark.django_db
def test_a_new_import_supersedes_the_area_target_and_keeps_the_old_row(officer, township_a, year):
    target_import(actor=officer, year=year, filename="a.xlsx",
                  fileobj=workbook([[township_a.code, "", 1000, 900, 270000, 1100]]))
    target_import(actor=officer, year=year, filename="b.xlsx",
                  fileobj=workbook([[township_a.code, "", 1000, 950, 285000, 1100]]))
    rows = Target.objects.filter(area=township_a, year=year)
    assert rows.count() == 2 and rows.get(current=True).paying_target == 950


@pytest.mark.django_db
def test_a_workbook_with_a_bad_row_imports_nothing_and_names_each_error_in_chinese(
    officer, township_a, township_b, village_a, year
):
    batch = target_import(actor=officer, year=year, filename="bad.xlsx", fileobj=workbook([
        [township_a.code, "", 1000, 900, 270000, 1100],  # fine
        ["999999999", "", 10, 10, 10, 10],  # unknown code
        [township_b.code, "", -5, 1.5, "abc", None],  # negative, fraction, not an amount, empty
        [township_a.code, "", 1, 1, 1, 1],  # duplicate code
        [village_a.code, "", 200, 100, "10.005", 150],  # enrolment above eligible, 3 decimals
    ]))
    assert batch.status == "rejected" and batch.imported == 0
    assert not Target.objects.exists()
    errors = {r["row"]: "；".join(r["errors"]) for r in batch.error_rows}
    assert errors[2] == ""
    assert "999999999" in errors[3] and "区划代码" not in errors[3]
    assert "整数" in errors[4] and "金额" in errors[4] and "为空" in errors[4]
    assert "第 2 行" in errors[5] or "第2行" in errors[5]
    assert "摸底" in errors[6] and "两位小数" in errors[6]


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_or_lacks_the_header_is_refused(officer, year):
    with pytest.raises(ValidationError) as exc:
        target_import(actor=officer, year=year, filename="x.xlsx",
                      fileobj=SimpleUploadedFile("x.xlsx", b"not a workbook"))
    assert "Excel" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as exc:
        target_import(actor=officer, year=year, filename="x.xlsx", fileobj=workbook([["1"]], header=["name"]))
    assert "模板" in exc.value.message_dict["file"][0]
    assert not TargetImport.objects.exists()


@pytest.mark.django_db
def test_only_county_officers_import_targets(clerk_a, township_a, year):
    with pytest.raises(PermissionDenied):
        target_import(actor=clerk_a, year=year, filename="a.xlsx",
                      fileobj=workbook([[township_a.code, "", 1, 1, 1, 1]]))


@pytest.mark.django_db
def test_import_page_says_which_happened_and_offers_the_error_workbook(web, officer, township_a, year):
    client = web(officer)
    response = client.post("/progress/targets/", {"year": year, "file": workbook([
        [township_a.code, "", 1000, 900, 270000, 1100], ["123", "", 1, 1, 1, 1]])})
    page = response.content.decode()
    assert "未导入任何数据" in page or "没有导入" in page
    batch = TargetImport.objects.get()
    response = client.get(f"/progress/targets/imports/{batch.pk}/errors/")
    rows = read_xlsx(b"".join(response.streaming_content))
    assert rows[0][-1].startswith("错误")
    assert rows[2][0] == "123" and "123" in rows[2][-1] and rows[1][-1] == ""
    response = client.post("/progress/targets/", {"year": year, "file": workbook([
        [township_a.code, "", 1000, 900, 270000, 1100]])}, follow=True)
    assert "全部 1 行" in response.content.decode()


@pytest.mark.django_db
def test_template_lists_townships_then_villages_with_current_targets(web, officer, targets, township_a, year):
    response = web(officer).get(f"/progress/targets/template/?year={year}")
    content = b"".join(response.streaming_content)
    rows = read_xlsx(content)
    assert rows[0][0] == "区划代码"
    first = rows[1]
    assert first[0] == township_a.code and first[3] == 8
    # the template reads back as a valid import
    batch = target_import(actor=officer, year=year, filename="t.xlsx",
                          fileobj=SimpleUploadedFile("t.xlsx", content))
    assert batch.status == "accepted" and batch.imported == 3


@pytest.mark.django_db
def test_clerk_sees_only_own_township_targets_and_cannot_open_the_import(web, clerk_a, targets, township_b, year):
    client = web(clerk_a)
    page = client.get(f"/progress/targets/?year={year}").content.decode()
    assert township_b.name not in page
    assert client.get(f"/progress/targets/template/?year={year}").status_code == 403


@pytest.mark.django_db
def test_milestones_default_to_90_by_30_april_and_100_by_30_may(year):
    ms = selectors.milestones_for(year=year)
    assert [(m.due_on, m.share) for m in ms] == [
        (datetime.date(year, 4, 30), Decimal("90.00")), (datetime.date(year, 5, 30), Decimal("100.00"))]


@pytest.mark.django_db
def test_changing_a_milestone_keeps_the_others_and_retires_the_replaced_one(officer, year):
    milestone_set(actor=officer, year=year, due_on=datetime.date(year, 4, 30), share=Decimal("85"))
    live = selectors.milestones_for(year=year)
    assert [(m.due_on.month, m.share) for m in live] == [(4, Decimal("85.00")), (5, Decimal("100.00"))]
    assert Milestone.objects.filter(year=year, retired_at__isnull=False).count() == 1
    with pytest.raises(ValidationError) as exc:
        milestone_set(actor=officer, year=year, due_on=datetime.date(year, 6, 30), share=Decimal("50"))
    assert "share" in exc.value.message_dict
    with pytest.raises(ValidationError):
        milestone_set(actor=officer, year=year, due_on=datetime.date(year + 1, 1, 30), share=Decimal("50"))
    retired = milestone_retire(actor=officer, milestone=live[0])
    assert retired.retired_at and [m.due_on.month for m in selectors.milestones_for(year=year)] == [5]
    with pytest.raises(ValidationError):
        milestone_retire(actor=officer, milestone=live[1])


@pytest.mark.django_db
def test_thresholds_are_dated_rows_and_the_latest_applies(officer, year):
    assert selectors.thresholds_for(year=year).behind_points == Decimal("5")
    thresholds_set(actor=officer, year=year, behind_points=Decimal("3"), far_behind_points=Decimal("10"))
    thresholds_set(actor=officer, year=year, behind_points=Decimal("2"), far_behind_points=Decimal("8"))
    t = selectors.thresholds_for(year=year)
    assert (t.behind_points, t.far_behind_points) == (Decimal("2.00"), Decimal("8.00"))
    with pytest.raises(ValidationError):
        thresholds_set(actor=officer, year=year, behind_points=Decimal("9"), far_behind_points=Decimal("8"))


@pytest.mark.django_db
def test_milestone_page_saves_a_milestone_and_thresholds(web, officer, year):
    client = web(officer)
    response = client.post(f"/progress/milestones/?year={year}", {"due_on": f"{year}-03-31", "share": "50"})
    assert response.status_code == 302
    assert [m.due_on.month for m in selectors.milestones_for(year=year)] == [3, 4, 5]
    client.post("/progress/thresholds/", {"year": year, "behind_points": "4", "far_behind_points": "12"})
    assert selectors.thresholds_for(year=year).far_behind_points == Decimal("12")
    page = client.get(f"/progress/milestones/?year={year}").content.decode()
    assert "时间节点" in page and f"{year}-03-31" in page
