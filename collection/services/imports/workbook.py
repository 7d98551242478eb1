"""The contribution workbook: its columns, reading it through the kernel's guarded reader, and each cell's
parsing (year, grade, channel, payment date)."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from pension import excel
from pension.params import is_ascii_digits

from ...models import Channel

# Limits of one upload: a large township's year is under 200,000 rows of 7 columns.
LIMITS = excel.Limits(max_bytes=20 * 1024 * 1024, max_rows=200_000, max_columns=20,
                      max_unpacked_bytes=200 * 1024 * 1024)
COLUMNS = 7  # ID number, name, year, grade, channel, receipt number, paid on
# The template's headers, in column order (English source; Chinese from the catalogue).
HEADERS = [
    ("id_number", gettext_noop("ID number"), None),
    ("name", "Name", "person"),
    ("year", gettext_noop("Year paid for"), None),
    ("grade", gettext_noop("Grade (yuan)"), None),
    ("channel", gettext_noop("Channel (cash / bank)"), None),
    ("receipt_number", gettext_noop("Receipt number"), None),
    ("paid_on", gettext_noop("Paid on (YYYY-MM-DD)"), None),
]
CHANNEL_WORDS = {"现金": Channel.CASH, "cash": Channel.CASH, "银行代扣": Channel.BANK, "银行": Channel.BANK,
                 "代扣": Channel.BANK, "bank": Channel.BANK}


def _translated(text: str, context: str | None) -> str:
    return pgettext(context, text) if context else _(text)


def headers() -> list[str]:
    return [_translated(text, context) for _key, text, context in HEADERS]


def _columns() -> list[excel.Column]:
    """Each column is found by its header, in this language, in Chinese or in English."""
    names = {key: {text} for key, text, _c in HEADERS}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for key, text, context in HEADERS:
                names[key].add(_translated(text, context))
    return [excel.Column(key, [_translated(text, context), *sorted(names[key])]) for key, text, context in HEADERS]


class ImportRefused(Exception):
    """The file as a whole cannot be read (size, format, zip bomb, too many rows or columns, no header)."""


def read_rows(path_or_file) -> list[tuple[int, list]]:
    """(Excel row number, the 7 template cells) for every non-empty row of the first sheet, read through the
    kernel's guarded reader; ImportRefused with a Chinese message when the file cannot be read as a whole."""
    if not hasattr(path_or_file, "read"):
        path_or_file = io.BytesIO(Path(path_or_file).read_bytes())
    try:
        return excel.read_workbook(path_or_file, columns=_columns(), limits=LIMITS)
    except excel.WorkbookRefused as exc:
        raise ImportRefused(str(exc))


cell_text = excel.cell_text


def year_of(value):
    text = cell_text(value)
    return int(text) if is_ascii_digits(text) and len(text) <= 9 else text


def grade_of(value):
    if isinstance(value, float):
        return Decimal(repr(value))
    return cell_text(value)


def channel_of(value) -> str:
    text = cell_text(value).lower()
    return CHANNEL_WORDS.get(text, text or Channel.CASH)


def date_of(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise ValidationError({"paid_on": _("Write the payment date as 2026-03-02.")})
