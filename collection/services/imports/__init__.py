"""Contribution import from Excel: all rows or none.

- `workbook`: the template's columns, reading through the kernel's guarded reader (pension.excel), cell parsing;
- `rows`: `RowValidator`, every row checked by the entry screen's rules against what exists, loaded once;
- `writer`: the bulk writer (COPY on PostgreSQL, bulk_create elsewhere);
- `run`: the import run (upload, then check everything and write all or nothing, with an error workbook
  carrying a Chinese reason per row when any row fails). A concurrent entry that collides with an imported
  row makes the whole import fail: still nothing half-written.
"""

from pension.idnumber import id_from_cell

from .rows import ResidentRow, RowValidator, error_text
from .run import import_run_create, import_run_execute
from .workbook import COLUMNS, LIMITS, ImportRefused, headers, read_rows
from .writer import COPY_COLUMNS, Checked, Planned, copy_lines, write_contributions

__all__ = [
    "COLUMNS",
    "COPY_COLUMNS",
    "LIMITS",
    "Checked",
    "ImportRefused",
    "Planned",
    "ResidentRow",
    "RowValidator",
    "copy_lines",
    "error_text",
    "headers",
    "id_from_cell",
    "import_run_create",
    "import_run_execute",
    "read_rows",
    "write_contributions",
]
