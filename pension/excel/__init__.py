"""The one Excel reader and the one Excel writer. Every upload goes through `read_workbook` (limits in one
place: size, unpacked size and zip ratio, parts, rows, columns, sheet choice, the header row), every export
through `write_workbook` / `xlsx_response` (cells from user data that Excel would run as a formula are text)."""

from .reader import Column, Limits, WorkbookRefused, cell_text, read_workbook
from .writer import XLSX, safe_cell, write_workbook, xlsx_response

__all__ = [
    "XLSX",
    "Column",
    "Limits",
    "WorkbookRefused",
    "cell_text",
    "read_workbook",
    "safe_cell",
    "write_workbook",
    "xlsx_response",
]
