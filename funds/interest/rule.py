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


def months_lost(year: int, death_date: datetime.date | None) -> int:
    """Months of `year` in which a dead resident's account earns nothing: those after the month of death
    (issue 10 item 4; 国发〔2014〕8号 九: at death the account balance goes to the heirs, it is no longer a
    member's account earning the book rate). 0 for the living or a death in a later year, 12 for a death in an
    earlier year, 12 − month of death in the year of death (a death in June keeps January–June)."""
    if death_date is None or death_date.year > year:
        return 0
    if death_date.year < year:
        return 12
    return 12 - death_date.month


def interest_on(*, opening: Decimal, movements, posting, lost: int = 0) -> Decimal:
    """One account's interest for a year, straight from the definition (the reference the bulk posting is
    tested against). `movements` are (interest date, amount) pairs inside the year (an entry's interest date is
    its `interest_from`, or its value date when that is empty); `posting` is anything
    with rate_percent, rounding and month_rule (an InterestRate or an InterestPosting). `lost` is
    `months_lost` of the account's resident: the opening balance is held 12 − lost months and a movement
    max(0, months held − lost) (money that arrives after the month of death earns nothing)."""
    weighted = Decimal(opening) * (12 - lost) + sum(
        (Decimal(amount) * max(0, months_held(day, posting.month_rule) - lost) for day, amount in movements),
        Decimal(0),
    )
    return round_interest(weighted * Decimal(posting.rate_percent) / 1200, posting.rounding)


def interest_earned_by_year(*, amount: Decimal, value_date: datetime.date, postings,
                            death_date: datetime.date | None = None) -> list[tuple[int, Decimal]]:
    """[(year, interest)] that `amount` credited at `value_date` earned, alone, in each of `postings` (posted
    years from the value date's on, in order, each with its own rate, month rule and rounding), compounding, and
    nothing after the month of death. What a late approval catches up and a reversal takes back."""
    balance, earned = Decimal(amount), []
    for posting in postings:
        lost = months_lost(posting.year, death_date)
        if posting.year == value_date.year:
            interest = interest_on(opening=Decimal(0), movements=[(value_date, balance)], posting=posting, lost=lost)
        else:
            interest = interest_on(opening=balance, movements=[], posting=posting, lost=lost)
        balance += interest
        earned.append((posting.year, interest))
    return earned
