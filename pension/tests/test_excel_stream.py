"""The kernel's fast write-only path (stream_workbook): a real .xlsx that Excel's readers open, text that looks
like a formula stays text, and characters XML cannot hold never break the file."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from pension.excel import stream_workbook


def _written(headers, rows, title="2026-12-1"):
    buf = io.BytesIO()
    n = stream_workbook(buf, title=title, headers=headers, rows=rows)
    buf.seek(0)
    return buf, n


def test_streamed_workbook_opens_in_openpyxl_and_calamine_with_the_same_values():
    rows = [[1, "城关镇", "=1+1", Decimal("206.81"), "2026-12", 3, None, datetime.date(2026, 12, 1), " 张三 "],
            [2, "A&B <c>", '=HYPERLINK("http://x","点我")', Decimal("0.00"), "-1", 1.5, True, "\tx", "\rx"]]
    buf, n = _written(["流水号", "乡镇", "姓名", "金额", "月份", "月数", "空", "日期", "空格"], rows)
    assert n == 2
    ws = load_workbook(buf).active
    assert ws.title == "2026-12-1"
    assert ws["A1"].value == "流水号" and ws["A1"].font.b
    assert [c.value for c in ws[2]] == [1, "城关镇", "=1+1", 206.81, "2026-12", 3, None, "2026-12-01", " 张三 "]
    assert ws["C2"].data_type == "s" and ws["C3"].data_type == "s"
    assert ws["I3"].value == "\rx" and ws["H3"].value == "\tx"
    buf.seek(0)
    sheet = CalamineWorkbook.from_filelike(buf).get_sheet_by_index(0).to_python()
    assert sheet[2][1] == "A&B <c>" and sheet[2][2] == '=HYPERLINK("http://x","点我")'


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://x","点我")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_streamed_text_that_looks_like_a_formula_is_never_a_formula(text):
    buf, _n = _written([text], [[text, 1]], title=text)
    with zipfile.ZipFile(buf) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    assert load_workbook(buf).active["A2"].value == text


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    buf, _n = _written(["名\x00字"], [["张\x01三\x1f", "ok\ufffe"]])
    ws = load_workbook(buf).active
    assert ws["A1"].value == "名字" and ws["A2"].value == "张三" and ws["B2"].value == "ok"
