"""Excel writing shared by every export (openpyxl write_only: constant memory for big rosters).

A text cell that starts with = + - @ (or a tab or carriage return) would be run by Excel as a formula (a
resident named `=HYPERLINK(...)`), so it is written as a text cell, never as a formula."""

import datetime
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = re.compile(r"[:\\/?*\[\]\x00-\x1f]")


def write_workbook(
    fileobj, *, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]], title_rows: Sequence[str] = ()
) -> None:
    wb = Workbook(write_only=True)
    for sheet_title, headers, rows in sheets:
        ws = wb.create_sheet(title=_sheet_title(sheet_title))
        for text in title_rows:
            cell = safe_cell(ws, text)
            cell.font = Font(bold=True, size=13)
            ws.append([cell])
        header_cells = []
        for h in headers:
            cell = safe_cell(ws, h)
            cell.font = Font(bold=True)
            header_cells.append(cell)
        ws.append(header_cells)
        for row in rows:
            ws.append([_cell_value(ws, v) for v in row])
    wb.save(fileobj)


def _sheet_title(title) -> str:
    """A title Excel accepts: none of : \\ / ? * [ ], at most 31 characters, never empty."""
    return SHEET_TITLE_FORBIDDEN.sub("_", str(title)).strip("'")[:31] or "Sheet"


def safe_cell(ws, value) -> WriteOnlyCell:
    """A write-only cell; text that Excel would take for a formula is stored as text (data type "s")."""
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
    return cell


def _cell_value(ws, value):
    # Decimals stay exact as numbers with two places; long digit strings (IDs, accounts) stay text.
    if isinstance(value, Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return safe_cell(ws, value)
    return value


def xlsx_response(filename: str, *, sheets, title_rows: Sequence[str] = ()) -> FileResponse:
    tmp = tempfile.TemporaryFile()
    write_workbook(tmp, sheets=sheets, title_rows=title_rows)
    tmp.seek(0)
    response = FileResponse(tmp, content_type=XLSX, as_attachment=True, filename=filename)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
