"""The bank file for the credit cooperative and its return file. Layout: docs/benefits-bank-file.md.

Written with openpyxl's write_only mode (constant memory) or as CSV (UTF-8 with BOM so Excel opens it); text
cells from user data that start with = + - @ tab or CR are written as text, never as formulas.
"""

import csv
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from .models import PayrollLine
from .months import month_label

HEADERS = ["流水号", "乡镇", "村", "姓名", "身份证号", "银行账号", "金额", "起始月份", "截止月份", "月数"]
RETURN_HEADERS = ["流水号", "结果", "失败原因"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_RETURN_ROWS = 200_000
OK_WORDS = {"成功", "1", "success", "ok", "paid", "已发放"}
FAIL_WORDS = {"失败", "0", "fail", "failed", "未发放"}


def bank_rows(payroll):
    lines = (PayrollLine.objects.filter(payroll=payroll).order_by("township_id", "village_id", "id")
             .values_list("pk", "township__name", "village__name", "recipient__resident__name",
                          "recipient__resident__id_number", "recipient__resident__bank_account", "amount",
                          "first_month", "last_month", "months"))
    # One plain fetch (a payroll is at most a county's recipients): a server-side cursor would make PostgreSQL
    # choose a fast-start plan, several times slower for reading every row.
    for pk, township, village, name, id_number, account, amount, first, last, months in list(lines):
        yield [pk, township, village, name, id_number, account, amount, month_label(first), month_label(last),
               months]


def _safe(ws, value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(fileobj, payroll) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=f"{payroll.month:%Y-%m}-{payroll.batch}")
    ws.append(HEADERS)
    n = 0
    for row in bank_rows(payroll):
        ws.append([_safe(ws, v) for v in row])
        n += 1
    wb.save(fileobj)
    return n


def _csv_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(fileobj, payroll) -> int:
    """`fileobj` is a text stream."""
    fileobj.write("\ufeff")
    writer = csv.writer(fileobj)
    writer.writerow(HEADERS)
    n = 0
    for row in bank_rows(payroll):
        writer.writerow([_csv_safe(v) for v in row])
        n += 1
    return n


def _rows_of(upload):
    name = (getattr(upload, "name", "") or "").lower()
    data = upload.read()
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
        yield from csv.reader(io.StringIO(text))
        return
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is the user's file, answered 400
        raise ValidationError({"file": _("The file is not an Excel workbook (.xlsx) or a CSV file.")})
    ws = wb.worksheets[0]
    for row in ws.iter_rows(values_only=True):
        yield ["" if v is None else str(v) for v in row]


def read_returns(upload) -> list[tuple[int, bool, str]]:
    """(line id, paid?, reason) from the bank's return file: a header row with 流水号, 结果, 失败原因."""
    rows = _rows_of(upload)
    header = [str(h).strip() for h in next(rows, [])]
    try:
        col = {h: header.index(h) for h in RETURN_HEADERS[:2]}
    except ValueError:
        raise ValidationError({"file": _("The return file needs the columns 流水号, 结果 and 失败原因.")})
    reason_col = header.index("失败原因") if "失败原因" in header else None
    results, errors = [], []
    for number, row in enumerate(rows, start=2):
        if number > MAX_RETURN_ROWS:
            raise ValidationError({"file": _("The return file has too many rows.")})
        if not any(str(v).strip() for v in row):
            continue
        raw_id = str(row[col["流水号"]] if len(row) > col["流水号"] else "").strip()
        result = str(row[col["结果"]] if len(row) > col["结果"] else "").strip().lower()
        reason = str(row[reason_col]).strip() if reason_col is not None and len(row) > reason_col else ""
        try:
            line_id = int(Decimal(raw_id))
        except Exception:  # noqa: BLE001
            errors.append(_("row %(n)s: 流水号 is not a number") % {"n": number})
            continue
        if result in OK_WORDS:
            results.append((line_id, True, ""))
        elif result in FAIL_WORDS:
            results.append((line_id, False, reason))
        else:
            errors.append(_("row %(n)s: 结果 must be 成功 or 失败") % {"n": number})
    if errors:
        raise ValidationError({"file": "；".join(errors[:20])})
    if not results:
        raise ValidationError({"file": _("The return file has no rows.")})
    return results
