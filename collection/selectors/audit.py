"""Reads for audit (quarterly samples and red flags; county-wide, no user: audit reads the whole county)."""

import datetime

from django.db.models import Count, F, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..models import (
    LIVE_STATUSES,
    Channel,
    Contribution,
    ContributionReversal,
    ContributionStatus,
    ReceiptBook,
    VoidedReceipt,
)


def _day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, tz),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz))


def contribution_approvals_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    """(id, day approved) of the contributions approved in the period (a reversed one was approved too)."""
    lo, hi = _day_bounds(start, end)
    rows = Contribution.objects.filter(checked_at__gte=lo, checked_at__lt=hi, checker__isnull=False).exclude(
        status=ContributionStatus.RETURNED).order_by("id").values_list("id", "checked_at")
    return [(pk, timezone.localtime(at).date()) for pk, at in rows]


def contribution_reversals_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    """(contribution id, day reversed) of the reversals made in the period."""
    lo, hi = _day_bounds(start, end)
    rows = ContributionReversal.objects.filter(reversed_at__gte=lo, reversed_at__lt=hi).order_by(
        "contribution_id").values_list("contribution_id", "reversed_at")
    return [(pk, timezone.localtime(at).date()) for pk, at in rows]


def _previous_grade() -> Subquery:
    return Subquery(
        Contribution.objects.filter(resident_id=OuterRef("resident_id"), year=OuterRef("year") - 1,
                                    status=ContributionStatus.APPROVED).order_by("-id").values("grade")[:1]
    )


def grade_changes_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    """(id, day approved) of the contributions approved in the period at a grade other than the resident's
    approved grade of the year before (a change of contribution grade, 缴费档次调整)."""
    lo, hi = _day_bounds(start, end)
    rows = (Contribution.objects.filter(checked_at__gte=lo, checked_at__lt=hi, status=ContributionStatus.APPROVED)
            .annotate(previous=_previous_grade()).filter(previous__isnull=False).exclude(grade=F("previous"))
            .order_by("id").values_list("id", "checked_at"))
    return [(pk, timezone.localtime(at).date()) for pk, at in rows]


def contributions_described(*, ids) -> dict[int, dict]:
    """{id: {resident_id, name, year, grade, personal_amount, township_id, status, maker_id, checker_id}}."""
    rows = Contribution.objects.filter(id__in=list(ids)).values(
        "id", "resident_id", "resident__name", "year", "grade", "personal_amount", "township_id", "status",
        "maker_id", "checker_id", "paid_on", "receipt_number", "channel")
    return {r["id"]: r for r in rows}


def contributions_of_residents_from(*, resident_ids, paid_from: datetime.date,
                                    year_from: int | None = None) -> QuerySet:
    """Live contributions of these residents paid on or after a day (and, if given, for a year from `year_from`
    on): (id, resident_id, year, kind, paid_on, grade)."""
    qs = Contribution.objects.filter(resident_id__in=resident_ids, paid_on__gte=paid_from, status__in=LIVE_STATUSES)
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    return qs.order_by().values("id", "resident_id", "year", "kind", "paid_on", "grade")


def cash_contributions_without_receipt(*, since: datetime.date) -> QuerySet:
    """Live cash contributions paid since a day that carry no receipt number."""
    return (Contribution.objects.filter(channel=Channel.CASH, status__in=LIVE_STATUSES, receipt_number="",
                                        paid_on__gte=since)
            .order_by("id").values("id", "resident_id", "resident__name", "township_id", "paid_on",
                                   "personal_amount", "maker_id"))


def receipt_gaps_by_book() -> list[dict]:
    """Books with numbers missing below their highest used number (neither used nor voided), in two grouped
    queries and the voided numbers: [{book_id, township_id, first, highest, missing (count), sample}]."""
    used = {r["receipt_book_id"]: r for r in Contribution.objects.filter(receipt_book__isnull=False)
            .values("receipt_book_id").annotate(highest=Max("receipt_number"), n=Count("receipt_number",
                                                                                        distinct=True)).order_by()}
    if not used:
        return []
    voided: dict[int, set[str]] = {}
    for book_id, number in VoidedReceipt.objects.filter(book_id__in=list(used)).values_list("book_id", "number"):
        voided.setdefault(book_id, set()).add(number)
    out = []
    for book in ReceiptBook.objects.filter(id__in=list(used)).order_by("id"):
        row = used[book.pk]
        highest = row["highest"]
        width = len(book.first_number)
        span = int(highest) - int(book.first_number) + 1
        void_below = {n for n in voided.get(book.pk, ()) if n < highest}
        missing = span - row["n"] - len(void_below)
        if missing > 0:
            out.append({"book_id": book.pk, "township_id": book.township_id, "first": book.first_number,
                        "last": book.last_number, "highest": highest, "missing": missing, "width": width})
    return out
