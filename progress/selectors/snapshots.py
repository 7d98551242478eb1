"""The computed figures (snapshots) for pages and the API: the county row, the township ranking, village rows,
an area's history and the trend lines."""

import datetime

from django.db.models import Max, QuerySet
from django.utils import timezone

from pension.models import Area
from pension.scope import scope_queryset

from ..models import Level, ProgressRun, Snapshot, Target


def latest_day(*, year: int) -> datetime.date | None:
    return Snapshot.objects.filter(year=year, current=True, level=Level.COUNTY).aggregate(d=Max("day"))["d"]


def _current(year: int, day) -> QuerySet[Snapshot]:
    return Snapshot.objects.filter(year=year, day=day, current=True).select_related("area")


def county_row(*, year: int, day) -> Snapshot | None:
    return _current(year, day).filter(level=Level.COUNTY).first()


def township_ranking(*, year: int, day) -> list[Snapshot]:
    """Township totals ranked by completion (% of the collection target), then by persons paying. Township
    totals hold no personal data: every business post of the county sees the whole ranking."""
    rows = list(_current(year, day).filter(level=Level.TOWNSHIP))
    rows.sort(key=lambda s: (s.pct_target is None, -(s.pct_target or 0), -s.paying, s.area.code))
    return rows


def village_rows(*, user, year: int, day, township: Area | None = None) -> QuerySet[Snapshot]:
    """Village snapshots within the user's scope, optionally of one township (already scope-checked)."""
    qs = scope_queryset(user, _current(year, day).filter(level=Level.VILLAGE))
    if township is not None:
        qs = qs.filter(parent=township)
    return qs.order_by("pct_target", "area__code")


def history(*, year: int, area: Area) -> QuerySet[Snapshot]:
    return Snapshot.objects.filter(year=year, area=area, current=True).order_by("day")


def trend(*, year: int) -> QuerySet:
    """Daily county and township completion of the campaign (for the trend lines), as plain values."""
    return (
        Snapshot.objects.filter(year=year, current=True, level__in=[Level.COUNTY, Level.TOWNSHIP])
        .order_by("day", "area__code")
        .values_list("day", "level", "area__name", "pct_target")
    )


def years_with_data() -> list[int]:
    # Runs, not snapshots: a few rows a day instead of a few hundred.
    years = set(ProgressRun.objects.order_by().values_list("year", flat=True).distinct())
    years |= set(Target.objects.order_by().values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)
