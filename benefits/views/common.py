import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils import timezone

from ..months import add_months, parse_month

READERS = frozenset({"township_clerk", "village_assistant", "county_officer", "county_finance", "auditor", "leader"})
TOWNSHIP_AND_COUNTY = frozenset({"township_clerk", "county_officer"})
COUNTY = frozenset({"county_officer"})
PAYROLL_READERS = frozenset({"county_officer", "county_finance", "auditor", "leader"})
PAYROLL_APPROVERS = frozenset({"county_officer", "county_finance"})


def month_param(raw, default: datetime.date | None = None) -> datetime.date:
    month = parse_month(raw) if raw else None
    if month is None or not 2000 <= month.year <= 2100:
        return default or add_months(timezone.localdate().replace(day=1), 1)
    return month


def errors_text(exc: ValidationError) -> str:
    return "".join(exc.messages)


def page_of(qs, request, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))
