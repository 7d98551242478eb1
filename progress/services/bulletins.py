"""Progress bulletins (进度通报): the ranking, the townships behind schedule and the gap to the next milestone,
frozen at issue from the latest snapshots."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation
from pension.permissions import has_post

from .. import selectors
from ..apps import MANAGERS
from ..models import Bulletin


def _num(value):
    return None if value is None else str(value)


def bulletin_content(*, year: int, day: datetime.date) -> dict:
    schedule = selectors.schedule_for(year=year, day=day)
    county = selectors.county_row(year=year, day=day)
    ranking = []
    for rank, s in enumerate(selectors.township_ranking(year=year, day=day), start=1):
        ranking.append({
            "rank": rank, "code": s.area.code, "name": s.area.name,
            "target_paying": s.target_paying, "paying": s.paying, "pct_target": _num(s.pct_target),
            "target_amount": _num(s.target_amount), "amount": _num(s.amount), "pct_amount": _num(s.pct_amount),
            "enrolled": s.enrolled, "eligible": s.eligible, "enrolment_rate": _num(s.enrolment_rate),
            "renewals": s.renewals, "new_payers": s.new_payers, "new_enrollees": s.new_enrollees,
            "newly_of_age": s.newly_of_age,
            "light": schedule.light(s.pct_target),
            "gap_persons": schedule.gap_persons(target=s.target_paying, paying=s.paying),
        })
    milestone = None if schedule.closed else schedule.milestone
    return {
        "county_name": selectors.county_name(),
        "closed": schedule.closed,
        "year": year,
        "day": day.isoformat(),
        "expected": str(schedule.expected),
        "milestone": {"due_on": milestone.due_on.isoformat(), "share": str(milestone.share)} if milestone else None,
        "thresholds": {"behind": str(schedule.behind_points), "far_behind": str(schedule.far_behind_points)},
        "county": {
            "paying": county.paying, "target_paying": county.target_paying, "pct_target": _num(county.pct_target),
            "amount": _num(county.amount), "target_amount": _num(county.target_amount),
            "enrolled": county.enrolled, "eligible": county.eligible, "enrolment_rate": _num(county.enrolment_rate),
            "gap_persons": schedule.gap_persons(target=county.target_paying, paying=county.paying),
        } if county else None,
        "ranking": ranking,
        "behind": [r["code"] for r in ranking if r["light"] in ("behind", "far_behind", "short")],
    }


@transaction.atomic
def bulletin_issue(*, actor, year: int, kind: str = Bulletin.Kind.ON_DEMAND, period: str = "") -> Bulletin:
    """Issue a bulletin from the year's latest snapshots. A weekly bulletin is issued once per ISO week:
    asking again returns the one already issued."""
    if actor is not None and not has_post(actor, MANAGERS):
        raise PermissionDenied(_("Only county business officers issue progress bulletins."))
    if kind == Bulletin.Kind.WEEKLY:
        existing = Bulletin.objects.filter(year=year, kind=kind, period=period).first()
        if existing:
            return existing
    day = selectors.latest_day(year=year)
    if day is None:
        raise ValidationError({"year": _("There are no progress figures for %(year)d yet; compute them first.")
                               % {"year": year}})
    number = (Bulletin.objects.select_for_update().filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            bulletin = Bulletin.objects.create(
                year=year, number=number, kind=kind, period=period, day=day, created_by=actor,
                content=bulletin_content(year=year, day=day),
            )
    except IntegrityError as exc:
        if violated_constraint(exc) not in ("bulletin_number_once_per_year", "one_weekly_bulletin_per_week"):
            raise
        raise Conflict({"year": _("Another bulletin was issued at the same moment; reload the list.")})
    log_operation(actor=actor, action="bulletin.issue", obj=bulletin,
                  after={"year": year, "number": number, "kind": kind, "period": period, "day": day.isoformat()})
    return bulletin


def iso_week(day: datetime.date | None = None) -> str:
    iso = (day or timezone.localdate()).isocalendar()
    return f"{iso.year}-W{iso.week:02d}"
