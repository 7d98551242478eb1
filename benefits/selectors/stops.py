"""Stop, suspension and resumption requests (asked by one person, confirmed by another), through the area scope."""

from django.db.models import QuerySet

from pension.scope import get_scoped_or_404, scope_queryset

from ..models import StopRequest, StopRequestStatus


def stop_request_list(*, user, status=None, township=None, action=None) -> QuerySet[StopRequest]:
    qs = scope_queryset(user, StopRequest.objects.all()).select_related(
        "recipient__resident", "recipient__village", "requested_by", "checker")
    if status:
        qs = qs.filter(status=status)
    if action:
        qs = qs.filter(action=action)
    if township is not None:
        qs = qs.filter(recipient__township=township)
    return qs.order_by("-requested_at", "-id")


def stop_request_get(*, user, pk) -> StopRequest:
    return get_scoped_or_404(user, stop_request_list(user=user), pk=pk)


def stop_request_open(*, user, recipient) -> list[StopRequest]:
    """The requests waiting for confirmation on this recipient (at most a stop and a suspension or resumption)."""
    return list(stop_request_list(user=user, status=StopRequestStatus.PROPOSED).filter(recipient=recipient))
