"""Other state pensions on file (reported, confirmed, rejected), through the area scope."""

from django.db.models import QuerySet

from pension.scope import get_scoped_or_404, scope_queryset

from ..models import LIVE_OTHER_PENSION, OtherPension, Recipient, RecipientStatus


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


def recipients_held_count() -> int:
    """Recipients being paid whom the payroll holds because another pension is reported or confirmed."""
    return Recipient.objects.filter(status=RecipientStatus.ACTIVE, resident_id__in=OtherPension.objects.filter(
        status__in=LIVE_OTHER_PENSION).values("resident_id")).count()
