"""Where the campaign should stand: the year's milestones and thresholds, the share expected on a day (a
straight line from the opening day to each milestone in turn) and the traffic light (issue 11 item 10: out of the
campaign, the year's final standing)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone

from collection import selectors as collection_selectors

from ..models import Milestone, Thresholds

HUNDRED = Decimal(100)
PCT = Decimal("0.01")
DEFAULT_MILESTONES = ((4, 30, Decimal("90.00")), (5, 30, Decimal("100.00")))


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


def milestones_retired(*, year: int):
    return Milestone.objects.filter(year=year, retired_at__isnull=False)


def milestone_or_404(*, pk: int) -> Milestone:
    return get_object_or_404(Milestone, pk=pk)
