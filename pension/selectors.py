"""Reads of the kernel's operation log for the apps above it (audit's samples and red flags)."""

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce

from .models import OperationLog


def operations_between(*, actions, start: datetime.date, end: datetime.date) -> QuerySet[OperationLog]:
    """Log rows of these actions in the period (local days), oldest first."""
    return OperationLog.objects.filter(action__in=list(actions), at__date__range=(start, end)).order_by("id")


def operations_described(*, ids) -> dict[int, dict]:
    rows = OperationLog.objects.filter(id__in=list(ids)).values(
        "id", "at", "actor_id", "action", "object_type", "object_id", "area_id", "reason")
    return {r["id"]: r for r in rows}


def operations_changing(*, object_type: str, fields, since: datetime.datetime,
                        exclude_actions=()) -> QuerySet[OperationLog]:
    """Log rows on objects of a type whose before and after differ in one of the fields, other than by the
    actions excluded (e.g. the approved path)."""
    qs = OperationLog.objects.filter(object_type=object_type, at__gte=since, before__isnull=False,
                                     after__isnull=False).exclude(action__in=list(exclude_actions))
    changed = Q()
    for i, field in enumerate(fields):
        qs = qs.annotate(**{f"b{i}": Coalesce(KT(f"before__{field}"), Value(""), output_field=TextField()),
                            f"a{i}": Coalesce(KT(f"after__{field}"), Value(""), output_field=TextField())})
        changed |= ~Q(**{f"b{i}": F(f"a{i}")})
    return qs.filter(changed).order_by("id")


def same_actor_made_and_checked(*, object_type: str, maker_actions, checker_actions,
                                since: datetime.datetime) -> QuerySet:
    """(object_id, actor_id, maker log id, checker log id) where one user both made and checked one object,
    as the log records it."""
    made = OperationLog.objects.filter(object_type=object_type, action__in=list(maker_actions),
                                       object_id=OuterRef("object_id"), actor_id=OuterRef("actor_id"))
    return (OperationLog.objects.filter(object_type=object_type, action__in=list(checker_actions), at__gte=since,
                                        actor__isnull=False)
            .filter(Exists(made)).order_by("id").values("object_id", "actor_id", "id", "area_id"))
