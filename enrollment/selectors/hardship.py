"""Reads of hardship category changes and of the civil-affairs / disability-federation list imports."""

from django.db.models import QuerySet

from pension.scope import get_scoped_or_404, scope_queryset

from ..models import HardshipChange, HardshipChangeStatus, HardshipImport, Resident


def hardship_change_list(*, user, status: str | None = HardshipChangeStatus.REQUESTED,
                         resident_id: int | None = None, source_import_id: int | None = None
                         ) -> QuerySet[HardshipChange]:
    """Hardship changes in the user's area (the county's queue: those awaiting confirmation, oldest first)."""
    qs = scope_queryset(user, HardshipChange.objects.all()).select_related(
        "resident", "resident__township", "resident__village", "requested_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    if resident_id:
        qs = qs.filter(resident_id=resident_id)
    if source_import_id:
        qs = qs.filter(source_import_id=source_import_id)
    return qs


def hardship_change_get(*, user, pk: int) -> HardshipChange:
    return get_scoped_or_404(user, HardshipChange.objects.select_related("resident", "requested_by"), pk=pk)


def hardship_change_open_for(*, resident: Resident) -> HardshipChange | None:
    return resident.hardship_changes.filter(status=HardshipChangeStatus.REQUESTED).select_related(
        "requested_by").first()


def hardship_imports(*, user) -> QuerySet[HardshipImport]:
    return scope_queryset(user, HardshipImport.objects.select_related("created_by"))


def hardship_import_get(*, user, pk: int) -> HardshipImport:
    return get_scoped_or_404(user, HardshipImport.objects.select_related("created_by"), pk=pk)
