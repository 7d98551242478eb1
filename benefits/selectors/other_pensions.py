"""Other state pensions on file (reported, confirmed, rejected), through the area scope."""

from django.db.models import QuerySet

from pension.scope import get_scoped_or_404, scope_queryset

from ..models import OtherPension


def other_pension_list(*, user, status=None, township=None) -> QuerySet[OtherPension]:
    qs = scope_queryset(user, OtherPension.objects.all()).select_related(
        "resident", "village", "township", "recorded_by", "checker")
    if status:
        qs = qs.filter(status=status)
    if township is not None:
        qs = qs.filter(township=township)
    return qs.order_by("-recorded_at", "-id")


def other_pension_get(*, user, pk) -> OtherPension:
    return get_scoped_or_404(user, other_pension_list(user=user), pk=pk)
