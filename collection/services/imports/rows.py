"""Checking import rows: the same rules as the entry screen (`collection.rules.plan_contribution` and the same
duplicate / receipt messages) against what exists, loaded once into dicts and sets (`RowValidator`)."""

import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import CharField, OuterRef, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment import selectors as enrollment_selectors
from funds import selectors as funds_selectors
from pension import idnumber
from pension.models import Area
from pension.params import is_ascii_digits

from ...eligibility import check_standing, standing_from
from ...models import LIVE_STATUSES, Contribution, ReceiptBook, VoidedReceipt
from ...rules import (
    Parameters,
    Plan,
    msg_already_paid,
    msg_receipt_no_book,
    msg_receipt_used,
    msg_receipt_voided,
    normalize_receipt,
    plan_contribution,
)
from .workbook import COLUMNS, cell_text, channel_of, date_of, grade_of, year_of
from .writer import Checked, Planned


@dataclass(slots=True)  # a large township holds a few hundred thousand of these
class ResidentRow:
    id: int
    name: str
    township_id: int
    village_id: int
    enrolment_status: str
    death_date: datetime.date | None
    hardship: str
    birth_date: datetime.date
    enrolled_on: datetime.date | None


class RowValidator:
    """Validates import rows against what exists, loaded once (see `load`) and held in dicts and sets."""

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
        self.locked_days = funds_selectors.signed_off_dates(township_id=township.pk)
        self.residents: dict[str, ResidentRow] = {}
        self.paid: dict[tuple[int, int], str] = {}
        self.seen_payments: set[tuple[int, int]] = set()
        self.seen_receipts: set[tuple[int, str]] = set()
        self.plans: dict[tuple, tuple[Planned, Plan]] = {}
        self.years_in_file: dict[int, set[int]] = {}
        self._last_book = None

    RESIDENT_FIELDS = ("id_number", "id", "name", "township_id", "village_id", "enrolment_status", "death_date",
                       "hardship", "birth_date", "enrolled_on")
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
        base = enrollment_selectors.residents_of_township(user=self.actor, township=self.township,
                                                          with_enrolled_on=True)
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
        number = number or idnumber.id_from_cell(_id, today=self.today)
        resident = self.residents.get(number)
        if resident is None:
            raise ValidationError({"id_number": self._nobody_message(number)})
        if name and name != resident.name:
            written = "".join(cell_text(name).split())  # spaces typed inside a Chinese name do not count
            if written and written != resident.name:
                raise ValidationError({"name": _("The name does not match the resident with this ID number.")})
        receipt = normalize_receipt(cell_text(receipt))
        # Rows that differ only in person and receipt number share a plan: the rules are the same function,
        # evaluated once per distinct (status, category, village, year, grade, channel, date, receipt shape)
        # as the cells hold them (calamine gives hashable values), so a row costs a dict look-up.
        shape = "" if not receipt else ("1" if is_ascii_digits(receipt) else receipt)
        pkey = (resident.enrolment_status, resident.death_date, resident.hardship, resident.village_id,
                year.__class__, year, grade.__class__, grade, channel, paid_on.__class__, paid_on, shape)
        cached = self.plans.get(pkey)
        if cached is None:
            plan = plan_contribution(
                params=self.params, resident=resident, year=year_of(year), grade=grade_of(grade),
                channel=channel_of(channel), receipt_number=shape, paid_on=date_of(paid_on), today=self.today,
            )
            if plan.paid_on in self.locked_days:  # a day county finance signed off (issue 11 item 7)
                raise ValidationError({"paid_on": funds_selectors.day_lock_message(
                    township_id=self.township.pk, day=plan.paid_on)})
            cached = self.plans[pkey] = (Planned.of(plan), plan)
        planned, plan = cached
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
            book_id = book.pk
        self._check_standing(resident, plan, book if planned.cash else None)
        if book_id is not None:
            self.seen_receipts.add((book_id, receipt))
        self.seen_payments.add(key)
        self.years_in_file.setdefault(resident.id, set()).add(planned.year)
        return Checked(resident.id, resident.township_id, resident.village_id, book_id, receipt, planned)


    def _nobody_message(self, number: str) -> str:
        """Nobody in the township has this number. One number in eleven that Excel rounded to "…000" still carries
        a valid check digit (`id_from_cell` refuses the other ten with its "format as Text" message): such a
        number is most likely a rounded one, so the clerk is told that too."""
        if len(number) == 18 and number.endswith("000"):
            return _("No resident with this ID number in %(township)s. The number ends in 000: if the ID number "
                     "column was a number in Excel, its last digits are lost; format the column as Text and type "
                     "or paste the numbers again.") % {"township": self.township.name}
        return _("No resident with this ID number in %(township)s.") % {"township": self.township.name}

    def _check_standing(self, resident: ResidentRow, plan: Plan, book) -> None:
        """Age, back payment and payment date: the entry form's checks (collection/eligibility.py, issue 10
        item 1). The years already paid matter only for a back payment (rare in a file): read then, per row."""
        paid_years: set[int] = set()
        if plan.year != plan.campaign.year:
            paid_years = set(Contribution.objects.filter(resident_id=resident.id, status__in=LIVE_STATUSES)
                             .values_list("year", flat=True))
            paid_years |= self.years_in_file.get(resident.id, set())
        standing = standing_from(birth_date=resident.birth_date, enrolled_on=resident.enrolled_on,
                                 paid_years=paid_years)
        check_standing(standing=standing, campaign=plan.campaign, year=plan.year, paid_on=plan.paid_on,
                       today=self.today,
                       book_issued_on=timezone.localtime(book.issued_at).date() if book is not None else None)


def error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(str(m) for errs in exc.error_dict.values() for e in errs for m in e.messages)
    return "；".join(str(m) for m in exc.messages)
