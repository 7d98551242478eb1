"""Contribution import from Excel: all rows or none.

The workbook is read with python-calamine after a zip-bomb guard. Every row goes through the same rules
as the entry screen (`collection.rules.plan_contribution` and the same duplicate / receipt messages),
checked against sets loaded once. If any row fails, nothing is written and an error workbook (openpyxl
write_only) carries a Chinese reason per row; otherwise all rows are written in one transaction (COPY on
PostgreSQL, bulk_create elsewhere) with one operation-log row for the import. A concurrent entry that
collides with an imported row makes the whole import fail: still nothing half-written.
"""

import datetime
import io
import operator
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from enrollment import selectors as enrollment_selectors
from pension import idnumber
from pension.models import Area, AreaLevel
from pension.oplog import log_operation
from pension.permissions import has_post
from pension.scope import area_in_scope

from ..models import LIVE_STATUSES, Channel, Contribution, ImportRun, ImportStatus, ReceiptBook, VoidedReceipt
from ..rules import (
    AMOUNT_FIELDS,
    Parameters,
    Plan,
    msg_already_paid,
    msg_receipt_no_book,
    msg_receipt_used,
    msg_receipt_voided,
    normalize_receipt,
    plan_contribution,
)
from ..selectors import IMPORT_STALE_AFTER
from .contributions import ENTERERS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_RATIO = 200  # a worksheet compresses ~10:1; 200:1 over several megabytes is a bomb
PROGRESS_EVERY = 5000
COLUMNS = 7  # ID number, name, year, grade, channel, receipt number, paid on

SCI_NUMBER = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
CHANNEL_WORDS = {"现金": Channel.CASH, "cash": Channel.CASH, "银行代扣": Channel.BANK, "银行": Channel.BANK,
                 "代扣": Channel.BANK, "bank": Channel.BANK}


def headers() -> list[str]:
    return [_("ID number"), pgettext("person", "Name"), _("Year paid for"), _("Grade (yuan)"),
            _("Channel (cash / bank)"), _("Receipt number"), _("Paid on (YYYY-MM-DD)")]


class ImportRefused(Exception):
    """The file as a whole cannot be read (size, format, zip bomb, too many rows)."""


def guard_workbook(path_or_file) -> None:
    """Refuse anything that is not a plain xlsx of sane uncompressed size before parsing it."""
    try:
        with zipfile.ZipFile(path_or_file) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise ImportRefused(_("The workbook has too many parts to be a plain contribution list."))
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise ImportRefused(_("The workbook unpacks to more than %(mb)s MB; split it into smaller files.")
                                    % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)})
            for i in infos:
                if i.file_size > 5 * 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                    raise ImportRefused(_("The workbook is compressed suspiciously well (a zip bomb?); it is "
                                          "refused."))
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise ImportRefused(_("This is not an Excel .xlsx workbook."))
    except zipfile.BadZipFile:
        raise ImportRefused(_("This is not an Excel .xlsx workbook (save it as .xlsx and upload again)."))


def read_rows(path_or_file) -> list[list]:
    """The first sheet's data rows (the header row dropped), after the guard."""
    from python_calamine import CalamineWorkbook

    guard_workbook(path_or_file)
    if hasattr(path_or_file, "seek"):
        path_or_file.seek(0)
    try:
        wb = CalamineWorkbook.from_object(path_or_file) if hasattr(path_or_file, "read") else \
            CalamineWorkbook.from_path(str(path_or_file))
        sheet = wb.get_sheet_by_index(0)
    except Exception:  # calamine raises its own error types for broken files
        raise ImportRefused(_("The workbook cannot be read; open it in Excel, save it as .xlsx and try again."))
    if sheet.total_height > MAX_ROWS + 1:
        raise ImportRefused(_("The workbook has more than %(n)s rows; split it into smaller files.")
                            % {"n": MAX_ROWS})
    rows = sheet.to_python(skip_empty_area=False)
    data = rows[1:] if rows else []
    while data and all(v in ("", None) for v in data[-1]):
        data.pop()
    if len(data) > MAX_ROWS:
        raise ImportRefused(_("The workbook has more than %(n)s rows; split it into smaller files.")
                            % {"n": MAX_ROWS})
    return data


CLEAN_ID = re.compile(r"^[0-9]{17}[0-9X]$")
ID_WEIGHTS = idnumber.WEIGHTS
ASCII_ZERO_SUM = ord("0") * sum(ID_WEIGHTS)


def _clean_id_ok(text: str) -> bool:
    """The fast path for a well-formed cell (the common case): the same rules as `idnumber.parse` (province,
    real birth date not in the future, check digit) without its Unicode normalisation. Anything it does not
    accept goes through `idnumber.parse`, which gives the message."""
    if int(text[:2]) not in idnumber.PROVINCE_PREFIXES:
        return False
    try:
        birth = datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    if not idnumber.EARLIEST_BIRTH <= birth <= _TODAY[0]:
        return False
    # The weighted sum over the ASCII codes, less 48 ("0") times the sum of the weights: the same sum as
    # over the digits, without converting seventeen characters one by one.
    return idnumber.CHECK_CHARS[(sum(map(operator.mul, text.encode(), ID_WEIGHTS)) - ASCII_ZERO_SUM) % 11] == \
        text[17]


_TODAY = [datetime.date.today()]


def id_from_cell(value) -> str:
    """The ID number from a cell, refusing what Excel made of it when the column was not text."""
    if value.__class__ is str:
        text = value.strip().upper()
        if CLEAN_ID.match(text) and _clean_id_ok(text):
            return text
    as_number = _("Excel has turned this ID number into a number (%(value)s) and lost its last digits. Format "
                  "the ID number column as Text and type or paste the numbers again.")
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Never trust a numeric cell: 18 digits do not fit a float, so the last ones are already lost.
        raise ValidationError({"id_number": as_number % {"value": f"{value:.6g}" if isinstance(value, float)
                                                         else value}})
    text = str(value or "")
    text = idnumber.normalize(text)
    if not text:
        raise ValidationError({"id_number": _("The ID number is missing.")})
    if SCI_NUMBER.match(text):
        raise ValidationError({"id_number": as_number % {"value": text}})
    try:
        return idnumber.parse(text).number
    except ValidationError as exc:
        if len(text) == 18 and text.isdigit() and text.endswith("000"):
            raise ValidationError({"id_number": as_number % {"value": text}})
        raise ValidationError({"id_number": exc.messages})


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _year(value):
    text = _cell_text(value)
    return int(text) if text.isdigit() else text


def _grade(value):
    if isinstance(value, float):
        return Decimal(repr(value))
    return _cell_text(value)


def _channel(value) -> str:
    text = _cell_text(value).lower()
    return CHANNEL_WORDS.get(text, text or Channel.CASH)


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise ValidationError({"paid_on": _("Write the payment date as 2026-03-02.")})


@dataclass(slots=True)  # a large township holds a few hundred thousand of these
class ResidentRow:
    id: int
    name: str
    township_id: int
    village_id: int
    enrolment_status: str
    death_date: datetime.date | None
    hardship: str


class Checker:
    """Validates rows against what exists, loaded once (see `load`) and held in dicts and sets."""

    def __init__(self, *, actor, township: Area):
        self.actor, self.township = actor, township
        self.params = Parameters()
        self.today = timezone.localdate()
        self.books = list(ReceiptBook.objects.filter(township=township, written_off_at__isnull=True))
        book_ids = [b.pk for b in self.books]
        self.used = {(b, n) for b, n in Contribution.objects.filter(receipt_book_id__in=book_ids)
                     .values_list("receipt_book_id", "receipt_number")}
        self.voided = {(b, n) for b, n in VoidedReceipt.objects.filter(book_id__in=book_ids)
                       .values_list("book_id", "number")}
        self.residents: dict[str, ResidentRow] = {}
        self.paid: dict[tuple[int, int], str] = {}
        self.seen_payments: set[tuple[int, int]] = set()
        self.seen_receipts: set[tuple[int, str]] = set()
        self.plans: dict[tuple, Planned] = {}
        self._last_book = None
        _TODAY[0] = self.today

    RESIDENT_FIELDS = ("id_number", "id", "name", "township_id", "village_id", "enrolment_status", "death_date",
                       "hardship")
    IN_LIST_CHUNK = 5000
    TEMP_TABLE_FROM = 2000  # ID numbers in a file from which a temporary table beats IN lists (PostgreSQL)

    def load(self, *, numbers: list[str], years: set[int]) -> None:
        """Load once what the rows will be checked against: the residents the file names (in the actor's
        scope and this township) and their live contributions for the years the file pays. Only the file's
        people are read, however large the township. On PostgreSQL, for a large file, one query through a
        temporary table of the file's ID numbers (long IN lists cost more to build and plan than the join)
        brings each resident with an array of their payments; elsewhere, and for small files, IN-list
        chunks and a second query for the payments."""
        wanted = sorted({n for n in numbers if n})
        if not wanted:
            return
        base = enrollment_selectors.residents_of_township(user=self.actor, township=self.township)
        if connection.vendor == "postgresql" and len(wanted) >= self.TEMP_TABLE_FROM:
            self._load_through_temporary_table(base, wanted, years)
            return
        for i in range(0, len(wanted), self.IN_LIST_CHUNK):
            self._load_in_chunk(base.filter(id_number__in=wanted[i:i + self.IN_LIST_CHUNK]), years)

    def _load_through_temporary_table(self, base, wanted: list[str], years: set[int]) -> None:
        from django.contrib.postgres.expressions import ArraySubquery

        payments = (Contribution.objects.filter(resident_id=OuterRef("id"), year__in=sorted(years) or [0],
                                                status__in=LIVE_STATUSES)
                    .order_by().annotate(paid=Concat(Cast("year", CharField()), Value(" "), "status"))
                    .values("paid"))
        labels = self._status_labels()
        with transaction.atomic(), connection.cursor() as cursor:
            # ON COMMIT DROP: the table lives for this block only, so a failure cannot leave it behind.
            cursor.execute("CREATE TEMPORARY TABLE import_id_number (id_number varchar(18) NOT NULL) ON COMMIT DROP")
            # Every number passed id_from_cell (digits and X only): COPY's text format needs no escaping.
            cursor.cursor.copy_expert("COPY import_id_number FROM STDIN", io.StringIO("\n".join(wanted)))
            cursor.execute("ANALYZE import_id_number")  # temporary tables are never auto-analysed
            named = (base.filter(id_number__in=RawSQL("SELECT id_number FROM import_id_number", ()))
                     .annotate(payments=ArraySubquery(payments)).values_list(*self.RESIDENT_FIELDS, "payments"))
            # A plain cursor's fetchall: the ORM's per-row iteration costs more than the query here.
            sql, params = named.query.sql_with_params()
            cursor.execute(sql, params)
            for number, *rest, paid in cursor.fetchall():
                self.residents[number] = ResidentRow(*rest)
                for entry in paid:
                    year, status = entry.split(" ")
                    self.paid[(rest[0], int(year))] = labels[status]
            # Dropped here too: inside an outer transaction (a test, a caller's atomic block) the commit that
            # would drop it is not this block's.
            cursor.execute("DROP TABLE import_id_number")

    def _load_in_chunk(self, residents, years: set[int]) -> None:
        ids = []
        for number, *rest in residents.values_list(*self.RESIDENT_FIELDS):
            self.residents[number] = row = ResidentRow(*rest)
            ids.append(row.id)
        if not years or not ids:
            return
        labels = self._status_labels()
        paid = Contribution.objects.filter(resident_id__in=ids, year__in=sorted(years),
                                           status__in=LIVE_STATUSES).order_by()
        for rid, year, status in paid.values_list("resident_id", "year", "status"):
            self.paid[(rid, year)] = labels[status]

    @staticmethod
    def _status_labels() -> dict[str, str]:
        return {k: str(v) for k, v in Contribution._meta.get_field("status").choices}

    def book_for(self, number: str):
        last = self._last_book  # consecutive receipts come from the same book
        if last is not None and len(number) == len(last.first_number) and last.first_number <= number <= \
                last.last_number:
            return last
        for b in self.books:
            if len(number) == len(b.first_number) and b.first_number <= number <= b.last_number:
                self._last_book = b
                return b
        return None

    def check(self, cells, number: str | None = None) -> "Checked":
        """One row → a `Checked` (what the row will insert), or ValidationError naming the field.
        `number` is the row's ID number when the caller has already read it."""
        if len(cells) != COLUMNS:
            cells = (list(cells) + [""] * COLUMNS)[:COLUMNS]
        _id, name, year, grade, channel, receipt, paid_on = cells
        number = number or id_from_cell(_id)
        resident = self.residents.get(number)
        if resident is None:
            raise ValidationError({"id_number": _("No resident with this ID number in %(township)s.")
                                   % {"township": self.township.name}})
        if name and name != resident.name:
            written = "".join(_cell_text(name).split())  # spaces typed inside a Chinese name do not count
            if written and written != resident.name:
                raise ValidationError({"name": _("The name does not match the resident with this ID number.")})
        receipt = normalize_receipt(_cell_text(receipt))
        # Rows that differ only in person and receipt number share a plan: the rules are the same function,
        # evaluated once per distinct (status, category, village, year, grade, channel, date, receipt shape)
        # as the cells hold them (calamine gives hashable values), so a row costs a dict look-up.
        shape = "" if not receipt else ("1" if receipt.isdigit() else receipt)
        pkey = (resident.enrolment_status, resident.death_date, resident.hardship, resident.village_id,
                year.__class__, year, grade.__class__, grade, channel, paid_on.__class__, paid_on, shape)
        planned = self.plans.get(pkey)
        if planned is None:
            plan = plan_contribution(
                params=self.params, resident=resident, year=_year(year), grade=_grade(grade),
                channel=_channel(channel), receipt_number=shape, paid_on=_date(paid_on), today=self.today,
            )
            planned = self.plans[pkey] = Planned.of(plan)
        key = (resident.id, planned.year)
        if key in self.paid:
            raise ValidationError({"year": msg_already_paid(planned.year, status_label=self.paid[key])})
        if key in self.seen_payments:
            raise ValidationError({"year": _("This file has a second row for this resident and year.")})
        book_id = None
        if planned.cash:
            book = self.book_for(receipt)
            if book is None:
                raise ValidationError({"receipt_number": msg_receipt_no_book(receipt)})
            rkey = (book.pk, receipt)
            if rkey in self.voided:
                raise ValidationError({"receipt_number": msg_receipt_voided(receipt)})
            if rkey in self.used:
                raise ValidationError({"receipt_number": msg_receipt_used(receipt)})
            if rkey in self.seen_receipts:
                raise ValidationError({"receipt_number": _("This file uses receipt number %(number)s twice.")
                                       % {"number": receipt}})
            self.seen_receipts.add(rkey)
            book_id = book.pk
        self.seen_payments.add(key)
        return Checked(resident.id, resident.township_id, resident.village_id, book_id, receipt, planned)


def error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(str(m) for errs in exc.error_dict.values() for e in errs for m in e.messages)
    return "；".join(str(m) for m in exc.messages)


PLAN_COLUMNS = ["year", "kind", "grade", *AMOUNT_FIELDS, "channel", "paid_on"]
COPY_COLUMNS = ["resident_id", "township_id", "village_id", "receipt_book_id", "receipt_number", *PLAN_COLUMNS,
                "status", "maker_id", "made_at", "return_reason", "cancel_reason"]
COPY_CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class Planned:
    """What every row with the same plan inserts alike: the values of PLAN_COLUMNS, and their COPY text."""

    values: tuple
    text: str
    year: int
    cash: bool
    personal: Decimal

    @classmethod
    def of(cls, plan: Plan) -> "Planned":
        values = (plan.year, plan.kind, plan.grade, *[plan.amounts[f] for f in AMOUNT_FIELDS], plan.channel,
                  plan.paid_on)
        # Ints, Decimals, a date and fixed codes: COPY's text format needs no escaping for them.
        return cls(values=values, text="\t".join(map(str, values)), year=plan.year,
                   cash=plan.channel == Channel.CASH, personal=plan.amounts["personal_amount"])


class Checked(NamedTuple):
    """One checked row: who, which receipt, and the shared plan."""

    resident_id: int
    township_id: int
    village_id: int
    receipt_book_id: int | None
    receipt_number: str
    planned: Planned


def copy_lines(rows: list[Checked], *, status: str, maker_id: int, now: datetime.datetime):
    """COPY text lines for COPY_COLUMNS."""
    tail = f"\t{status}\t{maker_id}\t{now.isoformat()}\t\t\n"
    null = "\\N"
    for r in rows:
        yield f"{r[0]}\t{r[1]}\t{r[2]}\t{null if r[3] is None else r[3]}\t{r[4]}\t{r[5].text}{tail}"


def write_contributions(rows: list[Checked], *, maker_id: int, status: str = "entered") -> None:
    """Insert checked rows: COPY on PostgreSQL (the floor of what can be done), in chunks so the text
    buffer stays small; bulk_create elsewhere. A row's text is its own five values (ints and a digit
    string, which need no escaping in COPY's text format) plus its plan's text, built once per plan."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        sql = f"COPY collection_contribution ({', '.join(COPY_COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), COPY_CHUNK):
                buf = io.StringIO()
                buf.writelines(copy_lines(rows[start:start + COPY_CHUNK], status=status, maker_id=maker_id, now=now))
                buf.seek(0)
                cursor.cursor.copy_expert(sql, buf)
        return
    for i in range(0, len(rows), 2000):
        Contribution.objects.bulk_create(
            [Contribution(resident_id=r.resident_id, township_id=r.township_id, village_id=r.village_id,
                          receipt_book_id=r.receipt_book_id, receipt_number=r.receipt_number,
                          **dict(zip(PLAN_COLUMNS, r.planned.values, strict=True)), status=status,
                          maker_id=maker_id)
             for r in rows[i:i + 2000]])


# --- the run --------------------------------------------------------------------------------------------


@transaction.atomic
def import_run_create(*, actor, township: Area, upload) -> ImportRun:
    """Record an upload (checked for size and type here; rows are checked when the run executes)."""
    if not has_post(actor, ENTERERS):
        raise PermissionDenied(_("Only township clerks and county business officers take contributions."))
    if township is None or township.level != AreaLevel.TOWNSHIP or not area_in_scope(actor, township):
        raise ValidationError({"township": _("Choose your township.")})
    name = getattr(upload, "name", "") or "upload.xlsx"
    if not name.lower().endswith(".xlsx"):
        raise ValidationError({"file": _("Upload the filled-in template as an .xlsx workbook.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB; split it into smaller files.")})
    run = ImportRun(township=township, uploaded_by=actor, filename=name[:200])
    run.file.save(f"contributions-{timezone.now():%Y%m%d%H%M%S}.xlsx", upload, save=False)
    run.save()
    log_operation(actor=actor, action="contribution_import.upload", obj=run,
                  after={"filename": run.filename, "size": upload.size}, area=township)
    return run


def _progress(run: ImportRun, **fields) -> None:
    for k, v in fields.items():
        setattr(run, k, v)
    ImportRun.objects.filter(pk=run.pk).update(**fields)


def _write_error_workbook(run: ImportRun, rows, errors: dict[int, str]) -> None:
    from pension.excel import write_workbook

    # Only the rows with errors, each with its row number in the clerk's file and the reason: the clerk
    # corrects those rows in the original workbook and uploads it again.
    def out():
        for i in sorted(errors):
            cells = list(rows[i])[:COLUMNS] + [""] * max(0, COLUMNS - len(rows[i]))
            yield [i + 2, *[_cell_text(c) if not isinstance(c, datetime.date) else c for c in cells], errors[i]]

    buf = io.BytesIO()
    write_workbook(buf, sheets=[(_("Errors"), [_("Row"), *headers(), _("Reason")], out())],
                   title_rows=[_("Nothing was saved: %(n)s row(s) have errors. Correct them in your file (the row "
                                 "numbers are those of your file) and upload the whole file again.")
                               % {"n": len(errors)}])
    run.error_file.save(f"errors-{run.pk}.xlsx", ContentFile(buf.getvalue()), save=False)
    ImportRun.objects.filter(pk=run.pk).update(error_file=run.error_file.name)


def _claim(run_id: int) -> bool:
    """Mark the run as running if it is waiting, or was interrupted; one UPDATE, so that of two workers
    handed the same run (a redelivered task) only one goes on."""
    now = timezone.now()
    return bool(ImportRun.objects.filter(pk=run_id).filter(
        Q(status=ImportStatus.PENDING) | Q(status=ImportStatus.RUNNING, started_at__lt=now - IMPORT_STALE_AFTER)
    ).update(status=ImportStatus.RUNNING, started_at=now, processed_rows=0))


def import_run_execute(*, run_id: int) -> ImportRun:
    """Check every row, then write all or nothing. Safe to call twice: a finished run, or one another
    worker is running, is left alone; an interrupted one (see IMPORT_STALE_AFTER) runs again from the start."""
    if not _claim(run_id):
        return ImportRun.objects.get(pk=run_id)
    run = ImportRun.objects.select_related("township", "uploaded_by").get(pk=run_id)
    actor = run.uploaded_by
    try:
        with run.file.open("rb") as fh:
            rows = read_rows(fh)
    except ImportRefused as exc:
        _progress(run, status=ImportStatus.FAILED, message=str(exc), finished_at=timezone.now())
        return run
    _progress(run, total_rows=len(rows))
    if not rows:
        _progress(run, status=ImportStatus.FAILED, message=_("The workbook has no rows below the header."),
                  finished_at=timezone.now())
        return run
    # The ID number of every row first (a cell that is not one gives "", and its message comes with the
    # row's check), so that everything the rows need is loaded in one pass.
    numbers = []
    for cells in rows:
        try:
            numbers.append(id_from_cell(cells[0] if cells else ""))
        except ValidationError:
            numbers.append("")
    years = {y for cells in rows if len(cells) > 2 and isinstance(y := _year(cells[2]), int)}
    checker = Checker(actor=actor, township=run.township)
    checker.load(numbers=numbers, years=years)
    values, errors = [], {}
    for start in range(0, len(rows), PROGRESS_EVERY):
        for offset, cells in enumerate(rows[start:start + PROGRESS_EVERY], start):
            try:
                values.append(checker.check(cells, numbers[offset]))
            except ValidationError as exc:
                errors[offset] = error_text(exc)
        _progress(run, processed_rows=min(len(rows), start + PROGRESS_EVERY))
    if errors:
        _write_error_workbook(run, rows, errors)
        _progress(run, status=ImportStatus.REJECTED, error_rows=len(errors), finished_at=timezone.now(),
                  message=_("Nothing was saved: %(n)s of %(total)s rows have errors. Download the error workbook, "
                            "correct those rows and upload the whole file again.")
                  % {"n": len(errors), "total": len(rows)})
        return run
    del rows  # the workbook's cells are not needed any more
    try:
        with transaction.atomic():
            write_contributions(values, maker_id=actor.pk)
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.COMMITTED, saved_rows=len(values), finished_at=timezone.now(),
                message=_("All %(n)s rows are saved and await county review.") % {"n": len(values)})
            log_operation(actor=actor, action="contribution.import", obj=run,
                          after={"rows": len(values), "filename": run.filename,
                                 "total": str(sum(v.planned.personal for v in values))},
                          area=run.township)
    except IntegrityError:
        _progress(run, status=ImportStatus.FAILED, finished_at=timezone.now(),
                  message=_("Nothing was saved: while the file was checked, someone entered a contribution or used "
                            "a receipt number that the file also has. Upload the file again to see which rows."))
    run.refresh_from_db()
    return run
