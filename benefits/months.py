"""Months are dates on the first of the month. Small helpers so no module does month arithmetic by hand."""

import datetime


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first: datetime.date, last: datetime.date) -> int:
    """How many months from `first` to `last`, both included (0 when last is before first)."""
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return max(count, 0)


def month_label(month: datetime.date) -> str:
    return f"{month.year}-{month.month:02d}"


def parse_month(value) -> datetime.date | None:
    """'2026-07' (or a date) → 2026-07-01; None when it is not a month."""
    if isinstance(value, datetime.date):
        return month_of(value)
    try:
        year, month = str(value).strip().split("-")[:2]
        return datetime.date(int(year), int(month), 1)
    except (TypeError, ValueError):
        return None
