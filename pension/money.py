"""Money is Decimal yuan with two places. Never float."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_money(value, rounding=ROUND_HALF_UP) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(CENT, rounding=rounding)


def format_yuan(value) -> str:
    """¥1,234.00"""
    if value is None or value == "":
        return ""
    amount = to_money(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def fen_equal(total, parts):
    """A database CHECK that `total` equals `parts`, compared in whole fen (both sides times 100, rounded).

    SQLite, the README's zero-set-up database, keeps decimals as floating point, where 55.35 + 88.61 need not equal
    143.96 exactly; on PostgreSQL's numeric the rounding changes nothing."""
    from django.db.models.functions import Round
    from django.db.models.lookups import Exact

    return Exact(Round(total * 100), Round(parts * 100))
