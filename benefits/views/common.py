import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils import timezone

from pension.posts import BUSINESS_READERS, Post

from ..months import add_months, parse_month

READERS = BUSINESS_READERS
TOWNSHIP_AND_COUNTY = frozenset({Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER})
COUNTY = frozenset({Post.COUNTY_OFFICER})
PAYROLL_READERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE, Post.AUDITOR, Post.LEADER})
PAYROLL_APPROVERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE})


def month_param(raw, default: datetime.date | None = None) -> datetime.date:
    month = parse_month(raw) if raw else None
    if month is None or not 2000 <= month.year <= 2100:
        return default or add_months(timezone.localdate().replace(day=1), 1)
    return month


def errors_text(exc: ValidationError) -> str:
    return "".join(exc.messages)


def page_of(qs, request, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))
