"""Excel writing shared by every export (openpyxl write_only: constant memory for big rosters)."""

import datetime
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_workbook(
    fileobj, *, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]], title_rows: Sequence[str] = ()
) -> None:
    wb = Workbook(write_only=True)
    for sheet_title, headers, rows in sheets:
        ws = wb.create_sheet(title=sheet_title[:31])
        for text in title_rows:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = Font(bold=True, size=13)
            ws.append([cell])
        header_cells = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = Font(bold=True)
            header_cells.append(cell)
        ws.append(header_cells)
        for row in rows:
            ws.append([_cell_value(v) for v in row])
    wb.save(fileobj)


def _cell_value(value):
    # Decimals stay exact as numbers with two places; long digit strings (IDs, accounts) stay text.
    if isinstance(value, Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    return value


def xlsx_response(filename: str, *, sheets, title_rows: Sequence[str] = ()) -> FileResponse:
    tmp = tempfile.TemporaryFile()
    write_workbook(tmp, sheets=sheets, title_rows=title_rows)
    tmp.seek(0)
    response = FileResponse(tmp, content_type=XLSX, as_attachment=True, filename=filename)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
