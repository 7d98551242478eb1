"""The Excel upload of deposit vouchers, all or nothing: every row is checked first, and a file with any wrong row
writes nothing and reports each wrong row by its Excel row number."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pension import excel
from pension.errors import violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post

from ..models import Deposit, DepositSource
from ..permissions import DEPOSIT_WRITERS
from ..signoffs import day_hold, msg_day_signed_off, signed_off_days
from .parsing import DEPOSIT_FIELDS, voucher_fields_clean, voucher_taken_message

# Upload limits: a county's vouchers for a month are dozens to a few thousand rows.
LIMITS = excel.Limits(max_bytes=5 * 1024 * 1024, max_rows=5000, max_columns=30, max_unpacked_bytes=50 * 1024 * 1024)
# Column headers of the template, Chinese as the clerks see them, with English aliases accepted.
COLUMNS = {
    "date": ("日期", "入库日期", "date"),
    "township": ("乡镇代码", "乡镇(街道)代码", "township"),
    "amount": ("金额", "入库金额", "amount"),
    "voucher_number": ("凭证号", "入库凭证号", "voucher_number"),
}
TEMPLATE_HEADERS = ["日期", "乡镇代码", "金额", "凭证号"]


@dataclass
class ImportResult:
    created: list[Deposit] = field(default_factory=list)
    row_errors: list[tuple[int, str]] = field(default_factory=list)  # (Excel row number, message)

    @property
    def ok(self) -> bool:
        return not self.row_errors

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.created), Decimal("0.00"))


def read_workbook(fileobj) -> list[tuple[int, dict]]:
    """(Excel row number, {field: raw value}) for every non-empty row, through the kernel's guarded reader.
    Raises ValidationError with one Chinese message for a file that cannot be read at all."""
    rows = excel.read_workbook(fileobj, columns=[excel.Column(k, v) for k, v in COLUMNS.items()], limits=LIMITS)
    if not rows:
        raise ValidationError(_("The workbook has no data rows."))
    return [(number, dict(zip(COLUMNS, cells, strict=True))) for number, cells in rows]


LABELS = {"township": "乡镇代码", "date": "日期", "amount": "金额", "voucher_number": "凭证号"}


@transaction.atomic
def deposit_import(*, actor, rows: list[tuple[int, dict]]) -> ImportResult:
    """All or nothing: every row is checked first; if any row is wrong nothing is written and every wrong
    row is reported with its Excel row number; otherwise all rows are recorded in this one transaction."""
    require_post(actor, DEPOSIT_WRITERS)
    result = ImportResult()
    clean_rows, seen = [], {}
    for number, raw in rows:
        clean, errors = voucher_fields_clean(**raw)
        messages = [f"{LABELS.get(f, f)}：{m}" for f, ms in errors.items() for m in ms]
        voucher = clean.get("voucher_number")
        if voucher:
            if voucher in seen:
                messages.append(_("Voucher %(number)s appears twice in the file (also row %(row)s).")
                                % {"number": voucher, "row": seen[voucher]})
            else:
                seen[voucher] = number
        for message in messages:
            result.row_errors.append((number, message))
        if not messages:
            clean_rows.append((number, clean))
    taken = set(
        Deposit.objects.filter(voucher_number__in=list(seen), reverses__isnull=True).values_list(
            "voucher_number", flat=True
        )
    )
    pairs = {(c["township"].pk, c["date"]) for _n, c in clean_rows}
    day_hold(pairs=pairs)  # until this upload commits, none of its days can be signed off (funds/signoffs.py)
    locked = signed_off_days(pairs=pairs)
    for number, clean in clean_rows:
        if clean["voucher_number"] in taken:
            result.row_errors.append((number, voucher_taken_message(clean["voucher_number"])))
        if (clean["township"].pk, clean["date"]) in locked:
            result.row_errors.append((number, msg_day_signed_off(township_name=clean["township"].name,
                                                                 date=clean["date"])))
    if result.row_errors:
        result.row_errors.sort()
        return result
    try:
        with transaction.atomic():
            for _number, clean in clean_rows:
                deposit = Deposit.objects.create(source=DepositSource.EXCEL, created_by=actor, **clean)
                log_operation(actor=actor, action="deposit.record", obj=deposit,
                              after=snapshot(deposit, DEPOSIT_FIELDS), area=deposit.township)
                result.created.append(deposit)
    except IntegrityError as exc:  # another upload took one of the numbers meanwhile: still nothing written
        if violated_constraint(exc) != "deposit_voucher_once":
            raise
        result.created = []
        result.row_errors.append((0, _("Another upload recorded some of these vouchers at the same time; "
                                       "nothing was written. Upload the file again.")))
    return result
