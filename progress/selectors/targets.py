"""Targets (dated rows, one current per area and year), the enrolment rate they are the base of, and the
target imports."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from pension.models import Area, AreaLevel
from pension.scope import scope_queryset

from ..models import Target, TargetImport

# The pension age: the computation counts the enrolled who reach it during the year (newly of age).
OF_AGE = 60
_PCT = Decimal("0.01")


def enrolment_rate(*, enrolled: int, eligible: int | None) -> Decimal | None:
    """参保率, the one definition (issue 10 item 10): enrolled ÷ the eligible population aged 16 and over from
    the year's survey (调查摸底, the target row's `eligible`), in percent to 2 places, half up; None without a
    survey figure. `enrolled` counts residents with an active enrolment plus people receiving a pension (counted
    as enrolled: they are in the scheme, DOMAIN.md "Enrolment target base = eligible population from the yearly
    survey"). The snapshot stores it; the dashboard, bulletins, work lists and API read the snapshot."""
    if not eligible:
        return None
    return (Decimal(enrolled) * 100 / Decimal(eligible)).quantize(_PCT, rounding=ROUND_HALF_UP)


def current_targets(*, year: int) -> dict[int, Target]:
    return {t.area_id: t for t in Target.objects.filter(year=year, current=True)}


def target_list(*, user, year: int) -> QuerySet[Target]:
    return scope_queryset(user, Target.objects.filter(year=year, current=True)).select_related("area").order_by(
        "area__code"
    )


def target_imports(*, year: int | None = None) -> QuerySet[TargetImport]:
    qs = TargetImport.objects.select_related("created_by")
    return qs.filter(year=year) if year else qs


def target_import_get(*, pk: int) -> TargetImport | None:
    return TargetImport.objects.filter(pk=pk).first()


def target_import_rejected_or_404(*, pk: int) -> TargetImport:
    return get_object_or_404(TargetImport, pk=pk, status=TargetImport.Status.REJECTED)


def township_target(*, township: Area, year: int) -> Target | None:
    """The township's own current target row for the year (its responsibility agreement), if any."""
    return Target.objects.filter(year=year, area=township, current=True).first()


def village_targets(*, township: Area, year: int) -> list[tuple[Area, Target | None]]:
    """Every village of a township (by code) with its current target row for the year, or None: the split of
    the township's target to its villages."""
    villages = list(Area.objects.filter(level=AreaLevel.VILLAGE, township=township).order_by("code"))
    rows = {t.area_id: t for t in Target.objects.filter(year=year, current=True, area__in=villages)}
    return [(v, rows.get(v.pk)) for v in villages]
