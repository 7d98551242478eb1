"""The one Excel reader and the one Excel writer. Every upload goes through `read_workbook` (limits in one
place: size, unpacked size and zip ratio, parts, rows, columns, sheet choice, the header row; `read_csv` under
the same limits, `read_upload` choosing by the file's name), every export through `write_workbook` /
`xlsx_response`, or `stream_workbook` for one big plain sheet (cells from user data that Excel would run as a
formula are text)."""

from .reader import (
    Column,
    Limits,
    WorkbookRefused,
    cell_text,
    read_csv,
    read_upload,
    read_workbook,
    workbook_check,
    zip_parts_guard,
)
from .stream import stream_workbook
from .writer import XLSX, safe_cell, write_workbook, xlsx_response

__all__ = [
    "XLSX",
    "Column",
    "Limits",
    "WorkbookRefused",
    "cell_text",
    "read_csv",
    "read_upload",
    "read_workbook",
    "safe_cell",
    "stream_workbook",
    "write_workbook",
    "workbook_check",
    "xlsx_response",
    "zip_parts_guard",
]
