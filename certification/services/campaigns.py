"""Campaigns: create (default 1 May – 30 June), change the dates, and build the roster of who is due."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from benefits import selectors as benefits_selectors
from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post

from ..apps import COUNTY
from ..models import Campaign, CampaignEntry, Record, Result

MIN_YEAR, MAX_YEAR = 2009, 2100
CAMPAIGN_FIELDS = ["year", "starts_on", "ends_on", "validity_months"]


def months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _check_dates(starts_on, ends_on) -> None:
    if not isinstance(starts_on, datetime.date):
        raise ValidationError({"starts_on": _("Enter the first day of the campaign.")})
    if not isinstance(ends_on, datetime.date):
        raise ValidationError({"ends_on": _("Enter the deadline of the campaign.")})
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The deadline must come after the first day.")})


@transaction.atomic
def campaign_create(*, actor, year: int, starts_on: datetime.date | None = None,
                    ends_on: datetime.date | None = None) -> Campaign:
    """Open the year's campaign and put every recipient due for certification on its roster."""
    require_post(actor, COUNTY)
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Enter a year between 2009 and 2100.")})
    starts_on = starts_on or datetime.date(year, 5, 1)
    ends_on = ends_on or datetime.date(year, 6, 30)
    _check_dates(starts_on, ends_on)
    if Campaign.objects.filter(year=year).exists():
        raise Conflict({"year": _("The campaign of %(year)s exists already.") % {"year": year}})
    campaign = Campaign.objects.create(year=year, starts_on=starts_on, ends_on=ends_on, created_by=actor)
    log_operation(actor=actor, action="campaign.create", obj=campaign, after=snapshot(campaign, CAMPAIGN_FIELDS))
    campaign_roster_refresh(actor=actor, campaign=campaign)
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, starts_on: datetime.date, ends_on: datetime.date,
                    reason: str = "") -> Campaign:
    """Change the campaign's dates (the county may extend a deadline). Not after the deadline job has run."""
    require_post(actor, COUNTY)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_dates(starts_on, ends_on)
    if campaign.deadline_done_at is not None:
        raise Conflict({"ends_on": _("The deadline has been processed; the dates can no longer change.")})
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    campaign.starts_on, campaign.ends_on = starts_on, ends_on
    campaign.save(update_fields=["starts_on", "ends_on"])
    log_operation(actor=actor, action="campaign.update", obj=campaign, before=before,
                  after=snapshot(campaign, CAMPAIGN_FIELDS), reason=reason)
    return campaign


@transaction.atomic
def campaign_roster_refresh(*, actor, campaign: Campaign) -> int:
    """Add to the roster every recipient (receiving or suspended) whose last certification will be older than
    the validity on the deadline and who is not on it yet (new awards during the campaign). Returns the count
    added. Nobody is removed: the roster is the record of who was due."""
    require_post(actor, COUNTY)
    cutoff = months_before(campaign.ends_on, campaign.validity_months)
    last = dict(
        Record.objects.filter(result=Result.ALIVE, certified_on__lte=campaign.ends_on)
        .values("resident_id").annotate(last=Max("certified_on")).values_list("resident_id", "last")
    )
    on_roster = set(CampaignEntry.objects.filter(campaign=campaign).values_list("resident_id", flat=True))
    rows = (benefits_selectors.recipients_for(user=actor).exclude(status="stopped").order_by()
            .values_list("resident_id", "township_id", "village_id", "natural_village_id"))
    new = []
    for resident_id, township_id, village_id, natural_id in rows.iterator(chunk_size=5000):
        if resident_id in on_roster:
            continue
        last_on = last.get(resident_id)
        if last_on is not None and last_on > cutoff:
            continue
        new.append(CampaignEntry(campaign=campaign, resident_id=resident_id, township_id=township_id,
                                 village_id=village_id, natural_village_id=natural_id, last_certified_on=last_on))
    CampaignEntry.objects.bulk_create(new, batch_size=5000)
    log_operation(actor=actor, action="campaign.roster_refresh", obj=campaign, after={"added": len(new)})
    return len(new)
