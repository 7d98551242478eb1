import datetime


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    nxt = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, nxt - datetime.timedelta(days=1)


def previous_quarter(day: datetime.date) -> tuple[int, int]:
    year, quarter = quarter_of(day)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def due_date(year: int, quarter: int) -> datetime.date:
    """The 10th of the first month after the quarter."""
    end = quarter_bounds(year, quarter)[1] + datetime.timedelta(days=1)
    return end.replace(day=10)
