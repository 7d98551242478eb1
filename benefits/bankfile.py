"""The bank file for the credit cooperative and its return file. Layout: docs/benefits-bank-file.md.

The Excel file is written by the kernel's fast write-only path (`pension.excel.stream_workbook`: one sheet
streamed into the zip, every text cell an inline string, never a formula); the CSV is UTF-8 with a byte-order mark
so Excel opens it, text that starts with = + - @ tab or CR prefixed with an apostrophe. The bank's return file
(.xlsx or .csv) is read by the kernel's one guarded reader (`pension.excel.read_upload`: size, zip, rows,
columns, header row).
"""

import csv
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from pension.excel import Column, Limits, cell_text, read_upload, stream_workbook

from .models import Recipient, SettlementPayment

HEADERS = ["流水号", "乡镇", "村", "姓名", "身份证号", "银行账号", "金额", "起始月份", "截止月份", "月数"]
RETURN_COLUMNS = [Column("line", ["流水号", "line id"]), Column("result", ["结果", "result"]),
                  Column("reason", ["失败原因", "reason"])]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_RETURN_ROWS = 200_000
# A county's payroll (≥ 60,000 lines) comes back in one file: 200,000 rows of three short columns.
RETURN_LIMITS = Limits(max_bytes=20 * 1024 * 1024, max_rows=MAX_RETURN_ROWS, max_columns=30,
                       max_unpacked_bytes=200 * 1024 * 1024)
OK_WORDS = {"成功", "1", "success", "ok", "paid", "已发放"}
FAIL_WORDS = {"失败", "0", "fail", "failed", "未发放"}

# One plain read of the payroll's lines with the resident's bank details, ordered for the bank, months as
# YYYY-MM text: a county payroll is one query and no per-row Python beyond writing the cells.
ROWS_SQL = """
SELECT l.id, t.name, v.name, p.name, p.id_number, p.bank_account, l.amount, to_char(l.first_month, 'YYYY-MM'),
       to_char(l.last_month, 'YYYY-MM'), l.months
FROM benefits_payrollline l
JOIN benefits_recipient r ON r.id = l.recipient_id
JOIN {resident} p ON p.id = r.resident_id
JOIN pension_area t ON t.id = l.township_id
JOIN pension_area v ON v.id = l.village_id
WHERE l.payroll_id = %s
ORDER BY l.township_id, l.village_id, l.id
"""


def bank_rows(payroll) -> list[tuple]:
    """Every line of the payroll as a row of the bank file (HEADERS order)."""
    resident_table = Recipient._meta.get_field("resident").related_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(ROWS_SQL.replace("{resident}", resident_table), [payroll.pk])
        return cursor.fetchall()


def write_xlsx(fileobj, payroll) -> int:
    return stream_workbook(fileobj, title=f"{payroll.month:%Y-%m}-{payroll.batch}", headers=HEADERS,
                           rows=bank_rows(payroll))


def _csv_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(fileobj, headers, rows) -> int:
    fileobj.write("\ufeff")
    writer = csv.writer(fileobj)
    writer.writerow(headers)
    n = 0
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
        n += 1
    return n


def write_csv(fileobj, payroll) -> int:
    """`fileobj` is a text stream."""
    return _write_csv(fileobj, HEADERS, bank_rows(payroll))


# A settlement payment batch (benefits.services.settlement_payments): one row per settlement or correction, to the
# payee's account; the return file is the payroll's (流水号 = the row's id, 结果, 失败原因), read by read_returns.
PAYOUT_HEADERS = ["流水号", "乡镇", "村", "收款人", "银行账号", "金额", "身份证号", "姓名", "类别"]


def payout_rows(payout) -> list[tuple]:
    """Every row of a settlement payment batch as a row of the bank file (PAYOUT_HEADERS order)."""
    rows = []
    for p in (SettlementPayment.objects.filter(payout=payout)
              .select_related("settlement__recipient__township", "settlement__recipient__village",
                              "settlement__recipient__resident", "correction").order_by("pk")):
        r = p.settlement.recipient
        kind = p.settlement.get_kind_display() if p.correction_id is None else _("settlement correction")
        rows.append((p.pk, r.township.name, r.village.name, p.payee_name, p.payee_account, p.amount,
                     r.resident.id_number, r.resident.name, str(kind)))
    return rows


def write_payout_xlsx(fileobj, payout) -> int:
    return stream_workbook(fileobj, title=f"settlements-{payout.pk}", headers=PAYOUT_HEADERS,
                           rows=payout_rows(payout))


def write_payout_csv(fileobj, payout) -> int:
    """`fileobj` is a text stream."""
    return _write_csv(fileobj, PAYOUT_HEADERS, payout_rows(payout))


def read_returns(upload) -> list[tuple[int, bool, str]]:
    """(line id, paid?, reason) from the bank's return file: a header row with 流水号, 结果, 失败原因."""
    rows = read_upload(upload, columns=RETURN_COLUMNS, limits=RETURN_LIMITS)
    results, errors = [], []
    for number, (raw_id, raw_result, raw_reason) in rows:
        result = cell_text(raw_result).lower()
        try:
            value = Decimal(cell_text(raw_id))
            if not value.is_finite() or value != value.to_integral_value() or value <= 0:
                raise InvalidOperation
            line_id = int(value)
        except (InvalidOperation, ValueError):
            errors.append(_("row %(n)s: 流水号 is not a number") % {"n": number})
            continue
        if result in OK_WORDS:
            results.append((line_id, True, ""))
        elif result in FAIL_WORDS:
            results.append((line_id, False, cell_text(raw_reason)))
        else:
            errors.append(_("row %(n)s: 结果 must be 成功 or 失败") % {"n": number})
    if errors:
        raise ValidationError({"file": "；".join(errors[:20])})
    if not results:
        raise ValidationError({"file": _("The return file has no rows.")})
    return results
