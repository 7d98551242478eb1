"""The interest rule, written out: months held by the month rule, rounding, and the interest of one account for
one year (`interest_on`, the definition both engines are tested against)."""

import datetime
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from pension.money import CENT

from ..models import MonthRule, RoundingMode

ROUNDING = {
    RoundingMode.HALF_UP: ROUND_HALF_UP,
    RoundingMode.DOWN: ROUND_DOWN,
    RoundingMode.HALF_EVEN: ROUND_HALF_EVEN,
}


def months_held(value_date: datetime.date, rule: str) -> int:
    m = value_date.month
    if rule == MonthRule.AFTER_VALUE_MONTH:
        return 12 - m
    if rule == MonthRule.INCLUDING_VALUE_MONTH:
        return 13 - m
    if rule == MonthRule.MID_MONTH:
        return 13 - m if value_date.day <= 15 else 12 - m
    raise ValueError(f"unknown month rule {rule!r}")


def round_interest(raw: Decimal, rounding: str) -> Decimal:
    return raw.quantize(CENT, rounding=ROUNDING[rounding])


def interest_on(*, opening: Decimal, movements, posting) -> Decimal:
    """One account's interest for a year, straight from the definition (the reference the bulk posting is
    tested against). `movements` are (value_date, amount) pairs inside the year; `posting` is anything
    with rate_percent, rounding and month_rule (an InterestRate or an InterestPosting)."""
    weighted = Decimal(opening) * 12 + sum(
        (Decimal(amount) * months_held(day, posting.month_rule) for day, amount in movements), Decimal(0)
    )
    return round_interest(weighted * Decimal(posting.rate_percent) / 1200, posting.rounding)
