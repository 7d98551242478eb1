"""Reads of residents and enrolments, always through the area scope."""

from django.db.models import QuerySet

from pension import idnumber
from pension.models import Area
from pension.scope import get_scoped_or_404, scope_queryset

from .models import Enrollment, Resident


def resident_list(
    *,
    user,
    township_code: str | None = None,
    village_id: int | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Resident]:
    qs = scope_queryset(user, Resident.objects.all()).select_related("township", "village", "natural_village")
    if township_code:
        qs = qs.filter(township__code=township_code)
    if village_id:
        qs = qs.filter(village_id=village_id)
    if status:
        qs = qs.filter(enrolment_status=status)
    if q:
        # Clerks type a whole name, a surname or a given name, so this is a substring match; within a
        # township it scans that township's rows through the (township, name) index (see bench/).
        qs = qs.filter(name__contains=q.strip())
    return qs.order_by("name", "id")


def resident_get(*, user, pk: int) -> Resident:
    return get_scoped_or_404(
        user, Resident.objects.select_related("township", "village", "natural_village"), pk=pk
    )


def resident_find_by_id_number(*, user, id_number: str) -> Resident | None:
    """The resident with this ID number if the user may see them, else None (no hint who it is)."""
    number = idnumber.normalize(id_number)
    return scope_queryset(user, Resident.objects.filter(id_number=number)).select_related(
        "township", "village", "natural_village"
    ).first()


def resident_township_of(*, id_number: str) -> Area | None:
    """Only the township an ID number is registered in (for the duplicate message); no personal data."""
    row = Resident.objects.filter(id_number=idnumber.normalize(id_number)).select_related("township").first()
    return row.township if row else None


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


def residents_active_ids(*, township_id: int | None = None) -> QuerySet:
    """Ids of residents with an open enrolment (used by collection and progress)."""
    qs = Resident.objects.filter(enrolment_status="active")
    if township_id:
        qs = qs.filter(township_id=township_id)
    return qs.values_list("id", flat=True)
