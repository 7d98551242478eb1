import datetime

from django.db.models import QuerySet

from pension import idnumber
from pension.scope import scope_queryset

from ..models import Recipient, RecipientEvent, RecipientEventKind

# The events a village notice lists: pensions started and pensions stopped.
NOTICE_EVENTS = (RecipientEventKind.AWARD, RecipientEventKind.STOP_DEATH, RecipientEventKind.STOP_DOUBLE)


def _area_id(area):
    return getattr(area, "pk", area)


def recipients_for(*, user, township=None, village=None, natural_village=None, status=None) -> QuerySet[Recipient]:
    """The recipients the user may see; township / village / natural_village are areas (or their ids),
    status a RecipientStatus value."""
    qs = scope_queryset(user, Recipient.objects.all()).select_related(
        "resident", "township", "village", "natural_village")
    if township is not None:
        qs = qs.filter(township_id=_area_id(township))
    if village is not None:
        qs = qs.filter(village_id=_area_id(village))
    if natural_village is not None:
        qs = qs.filter(natural_village_id=_area_id(natural_village))
    if status:
        qs = qs.filter(status=status)
    return qs


def recipient_for_resident(*, user, resident_id) -> Recipient | None:
    """The resident's recipient row if there is one and the user may see it."""
    try:
        return recipients_for(user=user).get(resident_id=resident_id)
    except (Recipient.DoesNotExist, ValueError, TypeError):
        return None


def recipient_find_by_id_number(*, user, id_number: str) -> Recipient | None:
    """The recipient whose resident has this ID number, with the resident and the village, if the user may see
    them (one query, joins kept few: the certification entry screen's lookup); None otherwise, with no hint who
    it is."""
    number = idnumber.normalize(id_number)
    qs = scope_queryset(user, Recipient.objects.select_related("resident", "village"))
    return next(iter(qs.filter(resident__id_number=number)[:1]), None)


def recipient_events_between(*, user, start: datetime.date, end: datetime.date,
                             natural_village=None) -> QuerySet[RecipientEvent]:
    """Awards started and pensions stopped whose event date lies in [start, end], each with its kind (award /
    stop_death / stop_double), reason and the recipient (for village notices)."""
    qs = scope_queryset(user, RecipientEvent.objects.filter(kind__in=NOTICE_EVENTS, date__gte=start,
                                                            date__lte=end))
    if natural_village is not None:
        qs = qs.filter(recipient__natural_village_id=_area_id(natural_village))
    return qs.select_related("recipient", "recipient__resident", "recipient__village",
                             "recipient__natural_village").order_by("date", "id")
