"""The audit's Excel forms, laid out for printing (merged title, signature lines, landscape, fitted to the page
width, header repeated): the daily supervision record form (日常监督记录表), the section self-check forms and the
self-assessment report. Cells from user data that start with = + - @, a tab or a carriage return are text."""

import tempfile
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from .texts import METHODS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")


def put(ws, row: int, col: int, value, *, box=True, bold=False, align=WRAP):
    cell = ws.cell(row=row, column=col)
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(UNSAFE_START):
        cell.data_type = "s"  # never a formula
    cell.alignment = align
    if box:
        cell.border = BOX
    if bold:
        cell.font = Font(bold=True)
    return cell


def title(ws, text: str, width: int, row: int = 1):
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = put(ws, row, 1, text, box=False, align=CENTER)
    cell.font = Font(bold=True, size=16)
    ws.row_dimensions[row].height = 30


def line(ws, row: int, text: str, width: int):
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    put(ws, row, 1, text, box=False)


def for_print(ws, header_row: int):
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True


def response(wb: Workbook, filename: str) -> FileResponse:
    tmp = tempfile.TemporaryFile()
    wb.save(tmp)
    tmp.seek(0)
    resp = FileResponse(tmp, content_type=XLSX, as_attachment=True, filename=filename)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


RECORD_HEADERS = ["序号", "监督重点", "检查事项", "抽查记录数", "抽查方式", "检查情况", "问题及说明"]
RECORD_WIDTHS = [6, 18, 48, 10, 16, 12, 48]


def record_form_workbook(*, plan, rows) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "日常监督记录表"
    width = len(RECORD_HEADERS)
    title(ws, "日常监督记录表", width)
    line(ws, 2, f"检查期间：{plan.year}年第{plan.quarter}季度"
                f"（{plan.period_start:%Y-%m-%d}至{plan.period_end:%Y-%m-%d}）"
                f"　　完成期限：{plan.due_on:%Y-%m-%d}　　填表日期：{timezone.localdate():%Y-%m-%d}", width)
    line(ws, 3, f"抽查方式：{METHODS}", width)
    for col, (header, w) in enumerate(zip(RECORD_HEADERS, RECORD_WIDTHS, strict=True), 1):
        put(ws, 4, col, header, bold=True, align=CENTER)
        ws.column_dimensions[chr(64 + col)].width = w
    r = 5
    for i, row in enumerate(rows, 1):
        problems = row["problems"]
        if not row["checked"]:
            state = "未抽查"
        elif problems:
            state = f"有问题（{len(problems)}）"
        else:
            state = "合规"
        values = [i, f"{row['area'].number}. {row['area'].title}", row["item"].text, row["checked"],
                  "、".join(row["methods"]), state, "\n".join(row["notes"])]
        for col, value in enumerate(values, 1):
            put(ws, r, col, value)
        r += 1
    r += 1
    gap = "　" * 7
    line(ws, r, f"稽核人员（签字）：{gap}稽核股负责人（签字）：{gap}分管领导（签字）：{gap}日期：", width)
    line(ws, r + 1, "对发现的疑似问题经稽核股负责人和分管领导签字后交予相关股室确认，确认没有问题的应提交书面说明，"
                    "有问题的提交整改意见并落实。", width)
    for_print(ws, 4)
    return wb


def record_form_response(*, plan, rows) -> FileResponse:
    return response(record_form_workbook(plan=plan, rows=rows), f"日常监督记录表-{plan.year}Q{plan.quarter}.xlsx")


def assessment_workbook(*, assessment, areas, section_labels, answer_labels) -> Workbook:
    """One sheet per section self-check form, and the report sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    for form in assessment.self_checks.all():
        ws = wb.create_sheet(f"{section_labels.get(form.section, form.section)}自查表"[:31])
        title(ws, f"{assessment.year}年内部控制自查表（{section_labels.get(form.section, form.section)}）", 4)
        line(ws, 2, f"填表人：{form.submitted_by}　　填表时间：{timezone.localtime(form.submitted_at):%Y-%m-%d}", 4)
        for col, (h, w) in enumerate(zip(["序号", "检查重点", "自查情况", "说明"], [6, 40, 14, 60], strict=True), 1):
            put(ws, 3, col, h, bold=True, align=CENTER)
            ws.column_dimensions[chr(64 + col)].width = w
        for i, row in enumerate(form.rows, 1):
            put(ws, 3 + i, 1, i)
            put(ws, 3 + i, 2, areas.get(row["area"], str(row["area"])))
            put(ws, 3 + i, 3, answer_labels.get(row["answer"], row["answer"]))
            put(ws, 3 + i, 4, row["notes"])
        line(ws, 5 + len(form.rows), f"总体情况：{form.summary}", 4)
        for_print(ws, 3)
    ws = wb.create_sheet("自查报告")
    title(ws, f"{assessment.year}年风险管理检查评估自查报告", 2)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    rows = [
        ("自查评估小组", assessment.team),
        ("小组成立日期", f"{assessment.team_formed_on or ''}"),
        ("股室自查期限", f"{assessment.self_check_due:%Y-%m-%d}"),
        ("小组抽查期限", f"{assessment.spot_check_due:%Y-%m-%d}"),
        ("小组抽查记录", assessment.spot_check_notes),
        ("自查报告", assessment.report),
        ("报告日期", f"{assessment.reported_on or ''}"),
        ("市处抽查", f"{assessment.city_check_from:%Y-%m-%d}至{assessment.city_check_to:%Y-%m-%d}"),
        ("市处抽查记录", assessment.city_check_notes),
    ]
    for i, (label, value) in enumerate(rows, 2):
        put(ws, i, 1, label, bold=True)
        put(ws, i, 2, value)
    for_print(ws, 2)
    return wb
