import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certification import services
from certification.models import Campaign, CampaignEntry, Mode, Record, Result
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


def test_campaign_defaults_to_first_of_may_to_thirtieth_of_june(officer, recipients):
    campaign = services.campaign_create(actor=officer, year=2027)
    assert (campaign.starts_on, campaign.ends_on) == (datetime.date(2027, 5, 1), datetime.date(2027, 6, 30))
    assert campaign.entries.count() == 4
    assert OperationLog.objects.filter(action="campaign.create", object_id=str(campaign.pk)).exists()


def test_campaign_roster_leaves_out_who_was_certified_within_twelve_months(officer, recipients, today):
    fresh = recipients[0]
    Record.objects.create(resident=fresh.resident, township=fresh.township, village=fresh.village,
                          mode=Mode.ON_SITE, result=Result.ALIVE, certified_on=datetime.date(today.year, 1, 5),
                          recorded_by=officer)
    old = recipients[1]
    Record.objects.create(resident=old.resident, township=old.township, village=old.village, mode=Mode.ON_SITE,
                          result=Result.ALIVE, certified_on=datetime.date(today.year - 1, 5, 3), recorded_by=officer)
    campaign = services.campaign_create(actor=officer, year=today.year, starts_on=datetime.date(today.year, 5, 1),
                                        ends_on=datetime.date(today.year, 6, 30))
    residents = set(campaign.entries.values_list("resident_id", flat=True))
    assert fresh.resident_id not in residents
    assert old.resident_id in residents
    assert CampaignEntry.objects.get(campaign=campaign, resident=old.resident).last_certified_on == datetime.date(
        today.year - 1, 5, 3)


def test_campaign_dates_are_editable_and_logged(officer, campaign, today):
    services.campaign_update(actor=officer, campaign=campaign, starts_on=campaign.starts_on,
                             ends_on=campaign.ends_on + datetime.timedelta(days=10), reason="extended")
    campaign.refresh_from_db()
    log = OperationLog.objects.get(action="campaign.update")
    assert log.before["ends_on"] != log.after["ends_on"]


def test_second_campaign_of_a_year_is_a_conflict(officer, campaign):
    with pytest.raises(Conflict):
        services.campaign_create(actor=officer, year=campaign.year)


def test_deadline_before_start_is_refused(officer, recipients):
    with pytest.raises(ValidationError) as err:
        services.campaign_create(actor=officer, year=2027, starts_on=datetime.date(2027, 6, 1),
                                 ends_on=datetime.date(2027, 5, 1))
    assert "ends_on" in err.value.message_dict


def test_township_clerk_cannot_open_a_campaign(clerk_a, recipients):
    with pytest.raises(PermissionDenied):
        services.campaign_create(actor=clerk_a, year=2027)
    assert not Campaign.objects.exists()
