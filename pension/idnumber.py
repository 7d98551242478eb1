"""Citizen ID numbers (GB 11643-1999): normalise, validate, derive birth date and gender, mask.

python-stdnum would accept impossible birth dates (future, 1880) and refuses some real but abolished
birth-place codes, so the rules are written out here, as DOMAIN.md describes them: never refuse an ID
only because its 6-digit area code is unknown; refuse a non-province prefix, an impossible or future
birth date, or a wrong check digit.
"""

import datetime
import operator
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
PROVINCE_PREFIXES = frozenset(
    [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54]
    + [61, 62, 63, 64, 65, 71, 81, 82]
)
EARLIEST_BIRTH = datetime.date(1890, 1, 1)


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: datetime.date
    gender: str  # "M" or "F"
    area_code: str


# ASCII digits only: str.isdigit() also accepts Arabic-Indic and other digits that int() reads.
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")

def normalize(raw: str) -> str:
    """Full-width digits and letters to half-width, drop spaces and separators, upper-case the X; a 15-digit
    legacy number becomes the 18-digit one (see `upgrade_15`), so it is what is stored and matched."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "-_").upper()
    return upgrade_15(text) if len(text) == 15 and text.isdigit() and text.isascii() else text


def upgrade_15(number: str) -> str:
    """A 15-digit number (cards issued before GB 11643-1999: 6-digit area, YYMMDD, 3-digit sequence, no check
    digit) as 18 digits: century 19 inserted before the year, the check digit computed (GB 11643-1999)."""
    first17 = number[:6] + "19" + number[6:15]
    return first17 + check_char(first17)


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def parse(raw: str, *, today: datetime.date | None = None) -> IdInfo:
    """Return the normalised number with what it encodes, or raise ValidationError (code names the rule)."""
    number = normalize(raw)
    if not _SHAPE.fullmatch(number):
        raise ValidationError(_("An ID number has 18 characters (17 digits and a digit or X), or 15 digits on an "
                                "old card."), code="format")
    if int(number[:2]) not in PROVINCE_PREFIXES:
        raise ValidationError(_("The first two digits of the ID number are not a province code."), code="province")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("Digits 7–14 of the ID number are not a real birth date."), code="birth_date")
    today = today or timezone.localdate()
    if birth > today or birth < EARLIEST_BIRTH:
        raise ValidationError(
            _("The birth date in the ID number is in the future or impossibly early."), code="birth_date"
        )
    if check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("The check digit of the ID number is wrong; please check every digit."), code="check_digit"
        )
    gender = "M" if int(number[16]) % 2 else "F"
    return IdInfo(number=number, birth_date=birth, gender=gender, area_code=number[:6])


def build(area_code: str, birth_date: datetime.date, sequence: int) -> str:
    """A valid number for the given parts (demo data and tests); sequence is 0–999, odd for men."""
    first17 = f"{area_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def mask(number: str) -> str:
    """6 leading and 4 trailing characters shown, the birth date hidden: 140431********123X."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_account(account: str) -> str:
    """Bank accounts: only the last four digits shown."""
    if not account:
        return ""
    return "*" * max(len(account) - 4, 0) + account[-4:]


# --- an ID number from a spreadsheet cell (the imports) -------------------------------------------------------

CLEAN_ID = re.compile(r"^[0-9]{17}[0-9X]$")
SCI_NUMBER = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
ASCII_ZERO_SUM = ord("0") * sum(WEIGHTS)


def _clean_id_ok(text: str, today: datetime.date) -> bool:
    """The fast path for a well-formed cell (the common case): the same rules as `parse` (province, real birth
    date not in the future, check digit) without its Unicode normalisation. Anything it does not accept goes
    through `parse`, which gives the message."""
    if int(text[:2]) not in PROVINCE_PREFIXES:
        return False
    try:
        birth = datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    if not EARLIEST_BIRTH <= birth <= today:
        return False
    # The weighted sum over the ASCII codes, less 48 ("0") times the sum of the weights: the same sum as
    # over the digits, without converting seventeen characters one by one.
    return CHECK_CHARS[(sum(map(operator.mul, text.encode(), WEIGHTS)) - ASCII_ZERO_SUM) % 11] == text[17]


def id_from_cell(value, *, today: datetime.date | None = None) -> str:
    """The ID number from a spreadsheet cell, refusing what Excel made of it when the column was not text
    (ValidationError on "id_number")."""
    today = today or timezone.localdate()
    if value.__class__ is str:
        text = value.strip().upper()
        if CLEAN_ID.match(text) and _clean_id_ok(text, today):
            return text
    as_number = _("Excel has turned this ID number into a number (%(value)s) and lost its last digits. Format "
                  "the ID number column as Text and type or paste the numbers again.")
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Never trust a numeric cell: 18 digits do not fit a float, so the last ones are already lost.
        raise ValidationError({"id_number": as_number % {"value": f"{value:.6g}" if isinstance(value, float)
                                                         else value}})
    text = normalize(str(value or ""))
    if not text:
        raise ValidationError({"id_number": _("The ID number is missing.")})
    if SCI_NUMBER.match(text):
        raise ValidationError({"id_number": as_number % {"value": text}})
    try:
        return parse(text, today=today).number
    except ValidationError as exc:
        if len(text) == 18 and text.isdigit() and text.endswith("000"):
            raise ValidationError({"id_number": as_number % {"value": text}})
        raise ValidationError({"id_number": exc.messages})


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Completed years on `day`. Lists show this instead of the birth date, which is what a mask hides."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
