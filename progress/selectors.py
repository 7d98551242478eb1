"""Reads of progress: the set-based aggregates the computation needs, snapshots for pages and the API, the work
list, milestones and the traffic light.

Cross-app reads go through the owning app's selectors: the computation's per-village GROUP BY queries are
``enrollment.selectors.resident_counts_by_village`` / ``new_enrollee_counts_by_village`` and
``collection.selectors.payment_counts_by_village``; the work list is enrollment's
``enrolled_residents_of_village`` less collection's ``resident_has_paid``; the campaign's opening day is
collection's ``collection_opens_on``.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Max, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from collection import selectors as collection_selectors
from enrollment import selectors as enrollment_selectors
from pension.models import Area, AreaLevel
from pension.scope import get_scoped_or_404, user_level

from .models import Bulletin, Level, Milestone, ProgressRun, Snapshot, Target, TargetImport, Thresholds

if TYPE_CHECKING:
    from enrollment.models import Resident

OF_AGE = 60
PCT = Decimal("0.01")


def enrolment_rate(*, enrolled: int, eligible: int | None) -> Decimal | None:
    """参保率, the one definition (issue 10 item 10): enrolled ÷ the eligible population aged 16 and over from
    the year's survey (调查摸底, the target row's `eligible`), in percent to 2 places, half up; None without a
    survey figure. `enrolled` counts residents with an active enrolment plus people receiving a pension (counted
    as enrolled: they are in the scheme, DOMAIN.md "Enrolment target base = eligible population from the yearly
    survey"). The snapshot stores it; the dashboard, bulletins, work lists and API read the snapshot."""
    if not eligible:
        return None
    return (Decimal(enrolled) * 100 / Decimal(eligible)).quantize(PCT, rounding=ROUND_HALF_UP)
HUNDRED = Decimal(100)
PCT = Decimal("0.01")
DEFAULT_MILESTONES = ((4, 30, Decimal("90.00")), (5, 30, Decimal("100.00")))


# ---------------------------------------------------------------- aggregates (the computation's only reads)
# Per village, from the owning apps' selectors (one GROUP BY each): collection_selectors.payment_counts_by_village,
# enrollment_selectors.resident_counts_by_village (with OF_AGE) and new_enrollee_counts_by_village.


def current_targets(*, year: int) -> dict[int, Target]:
    return {t.area_id: t for t in Target.objects.filter(year=year, current=True)}


def county_areas():
    """(county, townships, villages) of this installation, ordered by code."""
    townships = list(Area.objects.filter(level=AreaLevel.TOWNSHIP).order_by("code"))
    villages = list(Area.objects.filter(level=AreaLevel.VILLAGE).order_by("code"))
    county = Area.objects.filter(level=AreaLevel.COUNTY).order_by("code").first()
    return county, townships, villages


# ---------------------------------------------------------------- milestones, thresholds, traffic light


def milestones_for(*, year: int) -> list[Milestone]:
    """The year's live milestones; the defaults (90% by 30 April, 100% by 30 May) as unsaved rows if the
    county has set none."""
    rows = list(Milestone.objects.filter(year=year, retired_at__isnull=True).order_by("due_on"))
    if rows:
        return rows
    return [Milestone(year=year, due_on=datetime.date(year, m, d), share=s) for m, d, s in DEFAULT_MILESTONES]


def thresholds_for(*, year: int) -> Thresholds:
    return Thresholds.objects.filter(year=year).order_by("-created_at", "-id").first() or Thresholds(year=year)


def campaign_start(*, year: int) -> datetime.date:
    """The day the year's collection opens (set in collection's parameters), else 1 January."""
    return collection_selectors.collection_opens_on(year=year) or datetime.date(year, 1, 1)


@dataclass(frozen=True)
class Schedule:
    """Where the campaign should stand on a day: the share expected by then (straight line from the opening
    day to each milestone in turn) and the next milestone to reach."""

    day: datetime.date
    expected: Decimal
    milestone: Milestone | None
    behind_points: Decimal
    far_behind_points: Decimal
    # Out of the campaign (every milestone of the year past, or a past year): the figures are the year's final
    # standing, judged against the whole target, not "far behind" a milestone long past (issue 11 item 10).
    closed: bool = False

    def light(self, pct: Decimal | None) -> str:
        if pct is None:
            return "none"
        if self.closed:
            return "reached" if pct >= HUNDRED else "short"
        gap = self.expected - pct
        if gap <= self.behind_points:
            return "on_track"
        if gap <= self.far_behind_points:
            return "behind"
        return "far_behind"

    def gap_persons(self, *, target: int | None, paying: int) -> int | None:
        """Persons still to pay to reach the next milestone (0 when reached); none once the campaign is over."""
        if not target or self.milestone is None or self.closed:
            return None
        needed = (Decimal(target) * self.milestone.share / HUNDRED).to_integral_value(rounding="ROUND_CEILING")
        return max(int(needed) - paying, 0)


def expected_share(*, day: datetime.date, start: datetime.date, milestones: list[Milestone]) -> Decimal:
    """The share expected by a day: a straight line from 0% on the opening day to each milestone in turn."""
    points = [(start, Decimal(0))] + [(m.due_on, m.share) for m in milestones]
    expected = Decimal(0)
    if day >= points[-1][0]:
        expected = points[-1][1]
    else:
        for (d0, s0), (d1, s1) in zip(points, points[1:], strict=False):
            if d0 <= day < d1:
                span = (d1 - d0).days or 1
                expected = s0 + (s1 - s0) * Decimal((day - d0).days) / Decimal(span)
                break
    return expected.quantize(PCT, rounding=ROUND_HALF_UP)


def expected_series(*, year: int, days: list[datetime.date]) -> list[Decimal]:
    milestones, start = milestones_for(year=year), campaign_start(year=year)
    return [expected_share(day=d, start=start, milestones=milestones) for d in days]


def county_name() -> str:
    """The county's name, for the bulletins' titles (issue 11 item 10)."""
    county = Area.objects.filter(level=AreaLevel.COUNTY).order_by("code").first()
    return county.name if county else ""


def schedule_for(*, year: int, day: datetime.date | None = None) -> Schedule:
    day = day or timezone.localdate()
    milestones = milestones_for(year=year)
    thresholds = thresholds_for(year=year)
    upcoming = [m for m in milestones if m.due_on >= day]
    milestone = upcoming[0] if upcoming else (milestones[-1] if milestones else None)
    closed = year < day.year or bool(milestones and not upcoming)
    return Schedule(
        closed=closed,
        day=day,
        expected=expected_share(day=day, start=campaign_start(year=year), milestones=milestones),
        milestone=milestone,
        behind_points=thresholds.behind_points,
        far_behind_points=thresholds.far_behind_points,
    )


# ---------------------------------------------------------------- snapshots for pages and the API


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


def township_for(*, user, code: str) -> Area:
    """A township the user may drill into: their own (or their village's), any for county posts; else 404."""
    return get_scoped_or_404(user, Area.objects.filter(level=AreaLevel.TOWNSHIP), code=code)


def village_for(*, user, pk: int) -> Area:
    return get_scoped_or_404(user, Area.objects.filter(level=AreaLevel.VILLAGE).select_related("parent"), pk=pk)


def village_rows(*, user, year: int, day, township: Area | None = None) -> QuerySet[Snapshot]:
    """Village snapshots within the user's scope, optionally of one township (already scope-checked)."""
    from pension.scope import scope_queryset

    qs = scope_queryset(user, _current(year, day).filter(level=Level.VILLAGE))
    if township is not None:
        qs = qs.filter(parent=township)
    return qs.order_by("pct_target", "area__code")


def area_for_history(*, user, code: str) -> Area:
    """County and township totals are open to every business post; a village only within scope."""
    area = get_object_or_404(Area.objects.exclude(level=AreaLevel.NATURAL), code=code)
    if area.level == AreaLevel.VILLAGE:
        return village_for(user=user, pk=area.pk)
    if user_level(user) is None:
        from django.http import Http404

        raise Http404
    return area


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


# ---------------------------------------------------------------- work list (live, not a snapshot)


def worklist(*, user, year: int, village: Area) -> "QuerySet[Resident]":
    """Residents of a village who are enrolled, of paying age in the year (16-59: from 60 nobody pays a yearly
    contribution, issue 10 item 1) and have no contribution counting for it (scoped), each with
    ``paid_last_year``, in the order of the village roll."""
    return (
        enrollment_selectors.enrolled_residents_of_village(user=user, village_id=village.pk, paying_in=year)
        .exclude(collection_selectors.resident_has_paid(year=year))
        .annotate(paid_last_year=collection_selectors.resident_has_paid(year=year - 1))
    )


def township_worklist(*, user, year: int, township: Area) -> "QuerySet[Resident]":
    """The work lists of every village of a township in one list (scoped), village by village."""
    return (
        enrollment_selectors.enrolled_residents_of_township(user=user, township_code=township.code)
        .exclude(collection_selectors.resident_has_paid(year=year))
        .annotate(paid_last_year=collection_selectors.resident_has_paid(year=year - 1))
    )


# ---------------------------------------------------------------- targets, runs, bulletins


def target_list(*, user, year: int) -> QuerySet[Target]:
    from pension.scope import scope_queryset

    return scope_queryset(user, Target.objects.filter(year=year, current=True)).select_related("area").order_by(
        "area__code"
    )


def target_imports(*, year: int | None = None) -> QuerySet[TargetImport]:
    qs = TargetImport.objects.select_related("created_by")
    return qs.filter(year=year) if year else qs


def run_list() -> QuerySet[ProgressRun]:
    return ProgressRun.objects.select_related("requested_by")


def run_latest(*, year: int) -> ProgressRun | None:
    return ProgressRun.objects.filter(year=year).order_by("-requested_at", "-id").first()


def bulletin_list(*, year: int | None = None) -> QuerySet[Bulletin]:
    qs = Bulletin.objects.select_related("created_by")
    return qs.filter(year=year) if year else qs


def target_import_get(*, pk: int) -> TargetImport | None:
    return TargetImport.objects.filter(pk=pk).first()


def target_import_rejected_or_404(*, pk: int) -> TargetImport:
    return get_object_or_404(TargetImport, pk=pk, status=TargetImport.Status.REJECTED)


def milestones_retired(*, year: int) -> QuerySet[Milestone]:
    return Milestone.objects.filter(year=year, retired_at__isnull=False)


def milestone_or_404(*, pk: int) -> Milestone:
    return get_object_or_404(Milestone, pk=pk)


def bulletin_or_404(*, pk: int) -> Bulletin:
    return get_object_or_404(Bulletin, pk=pk)
