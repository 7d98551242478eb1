"""Every importer (contributions, deposits, targets, the bank's payroll returns, the civil-affairs and
disability-federation hardship lists) reads uploads through the one guarded reader in pension.excel: the same
hostile files are refused by each with a Chinese message, and nothing is written."""

import io
import os
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from collection.models import Contribution, ImportStatus
from collection.services import imports
from funds.models import Deposit
from progress.models import Target
from progress.services import target_import

CJK = re.compile(r"[\u4e00-\u9fff]")


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking .xlsx whose sheet unpacks 1000:1 (30 MB of zeros)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
    return buf.getvalue()


def empty_workbook() -> bytes:
    return _save(Workbook())


def merged_headers() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["导入表", None, None, None, None, None, None])
    ws.merge_cells("A1:G1")
    ws.append(["140431199001010011", "张三", 2026, 300, "现金", "0001", "2026-03-02"])
    return _save(wb)


def formulas() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["=A2", "=B2", "=C2", "=D2", "=E2", "=F2", "=G2"])
    ws.append(["=1+1", '=HYPERLINK("http://x")', "=2026", "=300", "=1", "=2", "=3"])
    return _save(wb)


def no_header_row() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["2026-03-02", "140431001", 300, "V-1", "x", "y", "z"])
    return _save(wb)


def too_many_columns() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([f"列{i}" for i in range(100)])
    ws.append(list(range(100)))
    return _save(wb)


HOSTILE = {
    "zip bomb": zip_bomb,
    ".xls renamed .xlsx": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096),
    ".csv renamed .xlsx": lambda: "身份证号,姓名,缴费年度\n140431199001010011,张三,2026\n".encode(),
    "empty workbook": empty_workbook,
    "merged headers": merged_headers,
    "formulas": formulas,
    "20 MB of junk": lambda: os.urandom(20 * 1024 * 1024 + 1),
    "no header row": no_header_row,
    "too many columns": too_many_columns,
}


def _chinese(message: str) -> str:
    assert message and CJK.search(message), message
    return message


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_contribution_import_refuses_hostile_file_in_chinese_and_saves_nothing(kind, clerk_a, township_a):
    content = HOSTILE[kind]()
    try:
        run = imports.import_run_create(actor=clerk_a, township=township_a,
                                        upload=SimpleUploadedFile("缴费.xlsx", content))
    except ValidationError as exc:
        _chinese(" ".join(exc.messages))
    else:
        run = imports.import_run_execute(run_id=run.pk)
        assert run.status == ImportStatus.FAILED
        _chinese(run.message)
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_deposit_upload_refuses_hostile_file_in_chinese_and_saves_nothing(kind, web, finance):
    upload = SimpleUploadedFile("入库.xlsx", HOSTILE[kind]())
    r = web(finance).post("/funds/deposits/upload/", {"file": upload})
    assert r.status_code == 200
    _chinese(r.context["file_error"])
    assert not Deposit.objects.exists()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_target_import_refuses_hostile_file_in_chinese_and_saves_nothing(kind, officer):
    upload = SimpleUploadedFile("目标.xlsx", HOSTILE[kind]())
    with pytest.raises(ValidationError) as caught:
        target_import(actor=officer, year=2026, fileobj=upload, filename="目标.xlsx")
    _chinese(" ".join(caught.value.messages))
    assert not Target.objects.exists()


@pytest.fixture
def sent_payroll(make_recipient, village_a, officer, finance):
    """An approved payroll of this month with one line, waiting for the bank's returns."""
    import datetime

    from benefits import services as benefits_services

    make_recipient(village_a, start_month=datetime.date.today().replace(day=1))
    payroll = benefits_services.payroll_generate(actor=officer, month=datetime.date.today().replace(day=1))
    return benefits_services.payroll_approve(actor=finance, payroll=payroll)


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_payroll_returns_import_refuses_hostile_file_in_chinese_and_marks_nothing(kind, sent_payroll, api, finance):
    from benefits.models import PayrollLine

    upload = SimpleUploadedFile("回盘.xlsx", HOSTILE[kind]())
    r = api(finance).post(f"/api/v1/payrolls/{sent_payroll.pk}/returns/", {"file": upload}, format="multipart")
    assert r.status_code == 400, r.content
    _chinese(" ".join(r.json()["errors"]["file"]))
    assert not PayrollLine.objects.exclude(status="pending").exists()


HOSTILE_CSV = {
    "binary junk named .csv": lambda: b"\x00\x01\x02" + os.urandom(2048),
    "no header row": lambda: "1,成功,\n".encode(),
    "too many columns": lambda: (",".join(f"列{i}" for i in range(100)) + "\n").encode(),
    "too many rows": lambda: ("流水号,结果,失败原因\n" + "1,成功,\n" * 200_001).encode(),
    "unreadable text": lambda: b"\xff\xfe\xfa\xfb" * 100,
    "20 MB": lambda: b"1" * (20 * 1024 * 1024 + 1),
}


@pytest.mark.parametrize("kind", list(HOSTILE_CSV))
def test_payroll_returns_csv_refuses_hostile_file_in_chinese_and_marks_nothing(kind, sent_payroll, api, finance):
    from benefits.models import PayrollLine

    upload = SimpleUploadedFile("回盘.csv", HOSTILE_CSV[kind]())
    r = api(finance).post(f"/api/v1/payrolls/{sent_payroll.pk}/returns/", {"file": upload}, format="multipart")
    assert r.status_code == 400, r.content
    _chinese(" ".join(r.json()["errors"]["file"]))
    assert not PayrollLine.objects.exclude(status="pending").exists()


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://x","点我")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_exported_text_that_looks_like_a_formula_is_written_as_text(text):
    from pension.excel import write_workbook

    buf = io.BytesIO()
    write_workbook(buf, sheets=[(text, [text], [[text, 1]])], title_rows=[text])
    with zipfile.ZipFile(buf) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_comparison_import_refuses_hostile_file_in_chinese_and_saves_nothing(kind, officer):
    from certification.models import ComparisonImport, MatchCase
    from certification.services import comparison_import

    with pytest.raises(ValidationError) as caught:
        comparison_import(actor=officer, kind="deaths", upload=SimpleUploadedFile("死亡.xlsx", HOSTILE[kind]()))
    _chinese(" ".join(caught.value.messages))
    assert not ComparisonImport.objects.exists() and not MatchCase.objects.exists()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hardship_list_import_refuses_hostile_file_in_chinese_and_saves_nothing(kind, officer):
    from enrollment.hardship_import import hardship_list_import
    from enrollment.models import HardshipChange, HardshipImport

    with pytest.raises(ValidationError) as caught:
        hardship_list_import(actor=officer, source="civil_affairs",
                             upload=SimpleUploadedFile("低保名单.xlsx", HOSTILE[kind]()))
    _chinese(" ".join(caught.value.messages))
    assert not HardshipImport.objects.exists() and not HardshipChange.objects.exists()


@pytest.mark.parametrize("kind", ["binary junk named .csv", "no header row", "too many columns", "unreadable text"])
def test_hardship_list_import_refuses_hostile_csv_in_chinese_and_saves_nothing(kind, officer):
    from enrollment.hardship_import import hardship_list_import
    from enrollment.models import HardshipChange, HardshipImport

    with pytest.raises(ValidationError) as caught:
        hardship_list_import(actor=officer, source="disability",
                             upload=SimpleUploadedFile("残联名单.csv", HOSTILE_CSV[kind]()))
    _chinese(" ".join(caught.value.messages))
    assert not HardshipImport.objects.exists() and not HardshipChange.objects.exists()
