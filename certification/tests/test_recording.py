import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from certification import services
from certification.models import CampaignEntry, EntryStatus, MatchCase, Record
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


def test_assistant_records_alive_and_the_roster_entry_is_done(assistant_a, campaign, recipients, today):
    record = services.certification_record(actor=assistant_a, resident=recipients[0].resident, mode="on_site",
                                           result="alive")
    entry = CampaignEntry.objects.get(campaign=campaign, resident=recipients[0].resident)
    assert entry.status == EntryStatus.CERTIFIED and entry.record == record and entry.certified_on == today
    assert record.campaign == campaign and record.recorded_by == assistant_a
    assert OperationLog.objects.filter(action="certification.record", object_id=str(record.pk)).exists()


def test_second_alive_record_in_the_campaign_is_a_conflict(clerk_a, campaign, recipients):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    with pytest.raises(Conflict):
        services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="home_visit",
                                      result="alive")
    assert Record.objects.count() == 1


def test_clerk_of_township_b_cannot_certify_a_township_a_recipient(clerk_b, campaign, recipients):
    with pytest.raises(Http404):  # another area's resident is absent, as a guessed id is
        services.certification_record(actor=clerk_b, resident=recipients[0].resident, mode="on_site",
                                      result="alive")


def test_a_resident_in_scope_who_draws_no_pension_is_refused_with_a_message(clerk_a, campaign, make_resident,
                                                                           village_a):
    with pytest.raises(ValidationError) as err:
        services.certification_record(actor=clerk_a, resident=make_resident(village_a), mode="on_site",
                                      result="alive")
    assert "id_number" in err.value.message_dict


def test_finance_cannot_record(finance, campaign, recipients):
    with pytest.raises(PermissionDenied):
        services.certification_record(actor=finance, resident=recipients[0].resident, mode="on_site",
                                      result="alive")


def test_future_date_and_deceased_without_date_are_refused_naming_the_field(clerk_a, campaign, recipients, today):
    with pytest.raises(ValidationError) as err:
        services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site",
                                      result="alive", certified_on=today + datetime.timedelta(days=1))
    assert "certified_on" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site",
                                      result="deceased")
    assert "death_date" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="teleport",
                                      result="maybe")
    assert {"mode", "result"} <= set(err.value.message_dict)


def test_deceased_result_opens_a_case_and_leaves_the_entry_due(clerk_a, campaign, recipients, today):
    services.certification_record(actor=clerk_a, resident=recipients[1].resident, mode="home_visit",
                                  result="deceased", death_date=today - datetime.timedelta(days=40))
    case = MatchCase.objects.get(resident=recipients[1].resident)
    assert case.kind == "death" and case.status == "open" and case.raised_by == clerk_a
    assert CampaignEntry.objects.get(campaign=campaign, resident=recipients[1].resident).status == EntryStatus.DUE
    recipients[1].refresh_from_db()
    assert recipients[1].status == "active"


def test_not_found_and_refused_leave_the_person_to_certify(clerk_a, campaign, recipients):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="home_visit",
                                  result="not_found")
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="home_visit",
                                  result="refused")
    assert CampaignEntry.objects.get(campaign=campaign, resident=recipients[0].resident).status == EntryStatus.DUE
