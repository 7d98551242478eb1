"""Citizen ID numbers (GB 11643-1999): normalise, validate, derive birth date and gender, mask.

python-stdnum would accept impossible birth dates (future, 1880) and refuses some real but abolished
birth-place codes, so the rules are written out here, as DOMAIN.md describes them: never refuse an ID
only because its 6-digit area code is unknown; refuse a non-province prefix, an impossible or future
birth date, or a wrong check digit.
"""

import datetime
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


def normalize(raw: str) -> str:
    """Full-width digits and letters to half-width, drop spaces and separators, upper-case the X; a 15-digit
    legacy number becomes the 18-digit one (see `upgrade_15`), so it is what is stored and matched."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "-_").upper()
    return upgrade_15(text) if len(text) == 15 and text.isdigit() else text


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
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
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
