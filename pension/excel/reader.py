"""The one guarded Excel reader for every upload (contributions, deposits, targets, and those to come).

Before a byte is parsed: the upload's size; that it is a zip with the parts of an .xlsx (an .xls or a .csv
renamed .xlsx is refused); the number of parts, their unpacked size and compression ratio (a zip bomb); and the
sheet's declared dimension (rows and columns). Then python-calamine reads the first visible worksheet, the header
row is checked (every column the import needs must be named in it), and only those columns are kept, in the
import's order. Cells keep calamine's Python types; `cell_text` gives a cell as text.

Every refusal is a `WorkbookRefused` (a ValidationError on the field "file") with a Chinese message, raised
before anything is written."""

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::([A-Z]+)(\d+))?"')


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 5000  # data rows, the header not counted
    max_columns: int = 30
    max_unpacked_bytes: int = 50 * 1024 * 1024
    max_parts: int = 500
    max_ratio: int = 200  # a worksheet compresses about 10:1; 200:1 over a few megabytes is a bomb
    ratio_from_bytes: int = 5 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    """A column the import needs: its key and the header texts that name it (template text in Chinese and
    English; the first is shown in messages)."""

    key: str
    headers: Sequence[str]


class WorkbookRefused(ValidationError):
    """The file as a whole cannot be read; nothing was written."""

    def __init__(self, message: str):
        super().__init__({"file": [message]})
        self.message_text = message

    def __str__(self) -> str:
        return self.message_text


def cell_text(value) -> str:
    """A cell as text: None is empty, a whole float loses its ".0", text is stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_key(value) -> str:
    return "".join(cell_text(value).split()).lower()


def _mb(n: int) -> int:
    return n // (1024 * 1024)


def zip_parts_guard(zf: zipfile.ZipFile, limits: Limits) -> set[str]:
    """The names of an Office file's parts, once their number, unpacked size and compression ratio are within
    the limits (a zip bomb is refused with WorkbookRefused); nothing is unpacked."""
    infos = zf.infolist()
    if len(infos) > limits.max_parts:
        raise WorkbookRefused(_("The workbook has too many parts to be a plain list; it is refused."))
    if sum(i.file_size for i in infos) > limits.max_unpacked_bytes:
        raise WorkbookRefused(_("The workbook unpacks to more than %(mb)s MB; split it into smaller files.")
                              % {"mb": _mb(limits.max_unpacked_bytes)})
    for i in infos:
        if i.file_size > limits.ratio_from_bytes and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            raise WorkbookRefused(_("The workbook is compressed suspiciously well (a zip bomb?); it is refused."))
    return {i.filename for i in infos}


def workbook_check(fileobj, *, limits: Limits = Limits()) -> None:
    """That a file is a real .xlsx within the limits (size, parts, unpacked size, ratio, declared rows and
    columns), without reading a cell: for a workbook kept as an attachment. Raises WorkbookRefused."""
    _check_bytes(fileobj, limits)
    _guard_zip(fileobj, limits)
    fileobj.seek(0)


def _guard_zip(fileobj, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(fileobj) as zf:
            names = zip_parts_guard(zf, limits)
            if "xl/workbook.xml" not in names:
                raise WorkbookRefused(_("This is not an Excel .xlsx workbook (save it as .xlsx and upload again)."))
            sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
            for name in sheets:
                with zf.open(name) as part:
                    head = part.read(4096)
                match = DIMENSION.search(head)
                if match and match.group(1):
                    _check_size(limits, rows=int(match.group(2)), columns=_column_number(match.group(1).decode()))
    except zipfile.BadZipFile:
        raise WorkbookRefused(_("This is not an Excel .xlsx workbook (save it as .xlsx and upload again)."))


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - ord("A") + 1)
    return n


def _check_size(limits: Limits, *, rows: int, columns: int) -> None:
    if rows > limits.max_rows + 1:
        raise WorkbookRefused(_("The workbook has more than %(n)s rows; split it into smaller files.")
                              % {"n": limits.max_rows})
    if columns > limits.max_columns:
        raise WorkbookRefused(_("The workbook has more than %(n)s columns; use the template's columns only.")
                              % {"n": limits.max_columns})


def _check_bytes(fileobj, limits: Limits) -> None:
    size = getattr(fileobj, "size", None)
    if size is None and hasattr(fileobj, "seek"):
        fileobj.seek(0, 2)
        size = fileobj.tell()
    if size is not None and size > limits.max_bytes:
        raise WorkbookRefused(_("The file is larger than %(mb)s MB; split it into smaller files.")
                              % {"mb": _mb(limits.max_bytes)})
    if size == 0:
        raise WorkbookRefused(_("The file is empty."))
    fileobj.seek(0)


def read_upload(fileobj, *, columns: Sequence[Column], limits: Limits = Limits()) -> list[tuple[int, list]]:
    """`read_csv` for a file named .csv, `read_workbook` for anything else."""
    if str(getattr(fileobj, "name", "") or "").lower().endswith(".csv"):
        return read_csv(fileobj, columns=columns, limits=limits)
    return read_workbook(fileobj, columns=columns, limits=limits)


def read_csv(fileobj, *, columns: Sequence[Column], limits: Limits = Limits()) -> list[tuple[int, list]]:
    """The same as `read_workbook` for a CSV file (UTF-8, with or without a byte-order mark, or GB18030 as
    Excel saves it on Chinese Windows), under the same limits on size, rows and columns. Cells are text."""
    _check_bytes(fileobj, limits)
    data = fileobj.read()
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise WorkbookRefused(_("The CSV file is neither UTF-8 nor GB18030 text; save it again as CSV."))
    if "\x00" in text:
        raise WorkbookRefused(_("This is not a CSV text file; save it again as CSV."))
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
        if header is None or all(cell_text(c) == "" for c in header):
            raise WorkbookRefused(_("The workbook is empty."))
        if len(header) > limits.max_columns:
            _check_size(limits, rows=0, columns=len(header))
        positions = _positions(header, columns)
        out = []
        for number, row in enumerate(rows, start=2):
            if len(row) > limits.max_columns:
                _check_size(limits, rows=0, columns=len(row))
            cells = [row[i].strip() if i < len(row) else None for i in positions]
            if all(c is None or c == "" for c in cells):
                continue
            out.append((number, cells))
            if len(out) > limits.max_rows:
                _check_size(limits, rows=len(out) + 1, columns=0)
    except csv.Error:
        raise WorkbookRefused(_("The CSV file cannot be read; save it again as CSV and try again."))
    return out


def read_workbook(fileobj, *, columns: Sequence[Column], limits: Limits = Limits()) -> list[tuple[int, list]]:
    """[(Excel row number, [cell of each column in `columns` order])] for every non-empty data row of the
    first visible worksheet. Raises WorkbookRefused for a file that cannot be read as a whole."""
    from python_calamine import CalamineWorkbook

    _check_bytes(fileobj, limits)
    _guard_zip(fileobj, limits)
    fileobj.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(fileobj)
        visible = [m.name for m in workbook.sheets_metadata if str(m.visible).lower().endswith("visible")
                   and "worksheet" in str(m.typ).lower()] or workbook.sheet_names
        if not visible:
            raise WorkbookRefused(_("The workbook is empty."))
        sheet = workbook.get_sheet_by_name(visible[0])
    except WorkbookRefused:
        raise
    except Exception:  # calamine raises its own error types for broken files
        raise WorkbookRefused(_("The workbook cannot be read; open it in Excel, save it as .xlsx and try again."))
    _check_size(limits, rows=sheet.total_height, columns=sheet.total_width)
    rows = iter(sheet.iter_rows())
    header = next(rows, None)
    if header is None or all(cell_text(c) == "" for c in header):
        raise WorkbookRefused(_("The workbook is empty."))
    positions = _positions(header, columns)
    out = []
    for number, row in enumerate(rows, start=2):
        cells = [row[i] if i < len(row) else None for i in positions]
        if all(c is None or cell_text(c) == "" for c in cells):
            continue
        out.append((number, cells))
        if len(out) > limits.max_rows:
            raise WorkbookRefused(_("The workbook has more than %(n)s rows; split it into smaller files.")
                                  % {"n": limits.max_rows})
    return out


def _positions(header, columns: Sequence[Column]) -> list[int]:
    """Where each needed column is in the header row; refused when the first row is not the header (a file
    without a header row would otherwise lose its first data row)."""
    found = {}
    texts = [_header_key(c) for c in header]
    for column in columns:
        wanted = {_header_key(h) for h in column.headers}
        for i, text in enumerate(texts):
            if text and text in wanted:
                found[column.key] = i
                break
    missing = [str(c.headers[0]) for c in columns if c.key not in found]
    if missing:
        raise WorkbookRefused(
            _("The first row must hold the template's column headers; missing: %(columns)s. Download the template.")
            % {"columns": "、".join(missing)}
        )
    return [found[c.key] for c in columns]
