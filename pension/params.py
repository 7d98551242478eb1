"""Digits and query parameters: what a user types is checked here, once, with a Chinese message naming the field.

Digits are ASCII digits. Full-width ones (what a Chinese input method types) are normalised; anything else Python
calls a digit (①, ², Arabic-Indic ٣) is refused: `str.isdigit()` accepts those and `int()` then either fails
(a 500) or quietly reads them as another number (one paper receipt recorded twice).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class BadParameter(ValidationError):
    """A query or form parameter a view read through `int_param`, `year_param` or `date_param` and refused, naming
    the field: pension.middleware answers it 400 as the view's own refusal. Any other ValidationError that reaches
    the middleware is a gap in a view's checks, and the hostile-input sweep (tests/sweep.py) fails on it."""


_FULL_WIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
_ASCII_DIGITS = re.compile(r"[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def normalise_digits(value: str) -> str:
    """Full-width digits to ASCII, surrounding blanks (including the ideographic space) removed."""
    return str(value).translate(_FULL_WIDTH).strip().strip("\u3000").strip()


def is_ascii_digits(value: str) -> bool:
    return bool(_ASCII_DIGITS.fullmatch(value or ""))


def digits(value: str, *, field: str, label: str | None = None, max_length: int = 30) -> str:
    """The value as a string of ASCII digits (full-width normalised), or a ValidationError naming the field."""
    text = normalise_digits(value)
    if not is_ascii_digits(text) or len(text) > max_length:
        raise ValidationError({field: _("%(label)s must be written with the digits 0-9.") % {"label": label or field}})
    return text


def int_param(params, name: str, *, default=None, minimum: int | None = None, maximum: int | None = None,
              label: str | None = None):
    """An integer query/form parameter; absent or blank gives `default`."""
    raw = params.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    text = normalise_digits(raw)
    negative = text.startswith("-")
    if not is_ascii_digits(text[1:] if negative else text) or len(text) > 18:
        raise BadParameter({name: _("%(label)s must be a whole number.") % {"label": label or name}})
    value = int(text)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise BadParameter({name: _("%(label)s is out of range.") % {"label": label or name}})
    return value


MIN_YEAR, MAX_YEAR = 2009, 2100  # the scheme began as a pilot in 2009: the one bound for every year


def year_param(params, name: str = "year", *, default=None, label: str | None = None):
    return int_param(params, name, default=default, minimum=MIN_YEAR, maximum=MAX_YEAR, label=label or _("Year"))


def parse_date(raw, *, field: str, label: str | None = None) -> datetime.date:
    """YYYY-MM-DD with ASCII (or full-width) digits and a day that exists; never replaced by today."""
    text = normalise_digits(raw or "")
    match = _DATE.fullmatch(text)
    try:
        if not match:
            raise ValueError
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValidationError(
            {field: _("%(label)s is not a real date (write it as 2026-05-30).") % {"label": label or field}}
        ) from None


def date_param(params, name: str, *, default=None, label: str | None = None):
    raw = params.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    try:
        return parse_date(raw, field=name, label=label)
    except ValidationError as exc:
        raise BadParameter(exc.error_dict) from None


# Text a person typed: control characters (NUL, escapes), bidirectional overrides (which make "gpj.exe" read as
# "exe.jpg") and zero-width characters have no place in a name; a name of only invisible characters is no name.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def clean_name(value, *, field: str = "name", max_length: int = 50, label: str | None = None) -> str:
    import unicodedata

    text = "".join(str(value or "").split())
    bad = any(unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch in _BIDI for ch in text)
    visible = [ch for ch in text if ch not in _INVISIBLE]
    if bad or not visible or len(text) > max_length:
        raise ValidationError({field: _("%(label)s may hold at most %(n)s visible characters and no control or "
                                        "direction characters.") % {"label": label or field, "n": max_length}})
    return "".join(visible)


MAX_REASON = 500


def clean_reason(value, *, field: str = "reason", max_length: int = MAX_REASON) -> str:
    text = str(value or "").strip()
    if len(text) > max_length:
        raise ValidationError({field: _("Keep it to %(n)s characters.") % {"n": max_length}})
    if any(ch in _BIDI or (ch not in "\n\r\t" and ord(ch) < 32) for ch in text):
        raise ValidationError({field: _("The text holds control or direction characters.")})
    return text


# Browser filters that fall back instead of refusing (a month picker, the year of a page).


def month_or_this_month(raw: str | None) -> datetime.date:
    """The first day of a "YYYY-MM" month from a browser filter, or of this month when it is not one."""
    from django.utils import timezone

    text = normalise_digits(raw or "")
    try:
        year, month = (int(x) for x in text.split("-"))
        if not (is_ascii_digits(str(year)) and MIN_YEAR <= year <= MAX_YEAR):
            raise ValueError
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)
