"""Reads of enrolment episodes and termination requests."""

import datetime

from django.db.models import QuerySet

from pension.scope import get_scoped_or_404, scope_queryset

from ..models import (
    Enrollment,
    Resident,
    TerminationRequest,
    TerminationStatus,
)


def enrollment_list(*, user, resident_id: int | None = None, status: str | None = None) -> QuerySet[Enrollment]:
    qs = scope_queryset(user, Enrollment.objects.all()).select_related(
        "resident", "resident__township", "resident__village"
    )
    if resident_id:
        qs = qs.filter(resident_id=resident_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def enrollment_get(*, user, pk: int) -> Enrollment:
    return get_scoped_or_404(user, Enrollment.objects.select_related("resident"), pk=pk)


def enrollment_open_for(*, resident: Resident) -> Enrollment | None:
    return resident.enrollments.exclude(status="terminated").first()


def termination_list(*, user, status: str | None = TerminationStatus.REQUESTED,
                     resident_id: int | None = None) -> QuerySet[TerminationRequest]:
    """Termination requests in the user's area (the county's queue: those awaiting confirmation, oldest first)."""
    qs = scope_queryset(user, TerminationRequest.objects.all()).select_related(
        "resident", "resident__township", "resident__village", "requested_by", "checked_by")
    if status:
        qs = qs.filter(status=status)
    if resident_id:
        qs = qs.filter(resident_id=resident_id)
    return qs


def termination_get(*, user, pk: int) -> TerminationRequest:
    return get_scoped_or_404(user, TerminationRequest.objects.select_related("resident", "requested_by"), pk=pk)


def termination_open_for(*, resident: Resident) -> TerminationRequest | None:
    return resident.termination_requests.filter(status=TerminationStatus.REQUESTED).select_related(
        "requested_by").first()


def enrollments_started_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    return list(Enrollment.objects.filter(enrolled_on__range=(start, end)).order_by("id")
                .values_list("id", "enrolled_on"))


def enrollments_terminated_between(*, start: datetime.date, end: datetime.date, reasons=None,
                                   exclude_reasons=None) -> list[tuple[int, datetime.date]]:
    qs = Enrollment.objects.filter(status="terminated", terminated_on__range=(start, end))
    if reasons:
        qs = qs.filter(termination_reason__in=list(reasons))
    if exclude_reasons:
        qs = qs.exclude(termination_reason__in=list(exclude_reasons))
    return list(qs.order_by("id").values_list("id", "terminated_on"))


def enrollments_described(*, ids) -> dict[int, dict]:
    rows = Enrollment.objects.filter(id__in=list(ids)).values(
        "id", "resident_id", "resident__name", "resident__township_id", "status", "enrolled_on", "terminated_on",
        "termination_reason", "created_by_id")
    return {r["id"]: r for r in rows}
