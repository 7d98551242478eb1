"""Query parameters parsed one way for every app: a bad value answers 400 with a message naming the field."""

import datetime

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

# The scheme began as a pilot in 2009; nothing in it is dated before that year or after 2100.
MIN_YEAR, MAX_YEAR = 2009, 2100


def date_param(params, name: str, *, required: bool = False) -> datetime.date | None:
    """An ISO date from a query string (`params` is request.GET / query_params)."""
    raw = params.get(name)
    if not raw:
        if required:
            raise ValidationError({name: [_("This parameter is required.")]})
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("Enter a date like 2026-03-02.")]})


def date_or(raw: str | None, default: datetime.date | None = None) -> datetime.date | None:
    """An ISO date typed into a browser filter, or `default` when it is empty or not a date."""
    try:
        return datetime.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def month_or_this_month(raw: str | None) -> datetime.date:
    """The first day of a "YYYY-MM" month from a browser filter, or of this month when it is not one."""
    from django.utils import timezone

    try:
        year, month = (int(x) for x in (raw or "").split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


def year_or_this_year(raw: str | None) -> int:
    """A year typed into a browser filter, or this year when it is empty or outside MIN_YEAR..MAX_YEAR."""
    from django.utils import timezone

    raw = (raw or "").strip()
    if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    return timezone.localdate().year
