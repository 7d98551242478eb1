"""The four fields of a deposit voucher (township, date, amount, voucher number) read from the API or a workbook
cell: each parser returns a clean value or raises ValidationError with a Chinese message."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.models import Area, AreaLevel
from pension.params import MIN_YEAR

MAX_AMOUNT = Decimal("9999999999.99")
VOUCHER_RE = re.compile(r"^[0-9A-Za-z\-_/]{1,40}$")
EARLIEST = datetime.date(MIN_YEAR, 1, 1)
DEPOSIT_FIELDS = ["township", "date", "amount", "voucher_number", "source", "reverses", "reason"]


def parse_amount(value) -> Decimal:
    """A positive amount with at most two decimal places, or ValidationError."""
    if isinstance(value, float):
        value = repr(value)  # what Excel shows (1200.1), not the binary expansion
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("¥", "").replace("￥", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("The amount is not a number."))
    if not amount.is_finite():
        raise ValidationError(_("The amount is not a number."))
    if amount <= 0:
        raise ValidationError(_("The amount must be greater than zero."))
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("The amount has more than two decimal places."))
    if amount > MAX_AMOUNT:
        raise ValidationError(_("The amount is too large."))
    return amount.quantize(Decimal("0.01"))


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        day = value
    else:
        text = str(value or "").strip().replace("/", "-").replace(".", "-")
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            m = re.fullmatch(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日", text) or re.fullmatch(
                r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
            if not m:
                raise ValidationError(_("The date is not a date like 2026-03-02."))
            try:
                day = datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise ValidationError(_("The date is not a date like 2026-03-02."))
    if day > timezone.localdate():
        raise ValidationError(_("The deposit date is in the future."))
    if day < EARLIEST:
        raise ValidationError(_("The deposit date is before %(year)s.") % {"year": MIN_YEAR})
    return day


def parse_voucher(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValidationError(_("The voucher number is missing."))
    if not VOUCHER_RE.match(text):
        raise ValidationError(_("A voucher number has 1 to 40 letters, digits, '-', '_' or '/'."))
    return text


def township_by_code(code) -> Area:
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    text = str(code if code is not None else "").strip()
    township = Area.objects.filter(code=text, level=AreaLevel.TOWNSHIP).first() if text else None
    if township is None:
        raise ValidationError(
            _("%(code)s is not the 9-digit code of a township of this county.") % {"code": text or "—"}
        )
    return township


def voucher_fields_clean(*, township, date, amount, voucher_number) -> tuple[dict, dict]:
    """Parse the four fields; return (clean values, errors by field)."""
    clean, errors = {}, {}
    for name, parser, value in (
        ("township", lambda v: v if isinstance(v, Area) else township_by_code(v), township),
        ("date", parse_date, date),
        ("amount", parse_amount, amount),
        ("voucher_number", parse_voucher, voucher_number),
    ):
        try:
            clean[name] = parser(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if "township" in clean and clean["township"].level != AreaLevel.TOWNSHIP:
        errors["township"] = [_("Deposits are recorded per township.")]
    return clean, errors


def voucher_taken_message(number: str) -> str:
    return _("Voucher %(number)s is already recorded.") % {"number": number}
