import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from benefits.models import Overpayment, RecipientEvent
from certification import services, tasks
from certification.models import CampaignEntry, CertificationRun, EntryStatus, MatchCase
from pension.errors import Conflict

pytestmark = pytest.mark.django_db


def test_uncertified_recipient_is_suspended_at_the_deadline_and_resumed_with_arrears_later(
        clerk_a, officer, past_campaign, recipients, today):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive",
                                  certified_on=past_campaign.ends_on - datetime.timedelta(days=3))
    done = tasks.deadline_scheduled()
    assert len(done) == 1
    run = CertificationRun.objects.get(pk=done[0])
    assert run.status == "succeeded" and run.count == 3
    for r in recipients:
        r.refresh_from_db()
    assert recipients[0].status == "active"
    assert [r.status for r in recipients[1:]] == ["suspended"] * 3
    assert RecipientEvent.objects.filter(kind="suspend", source="certification.deadline").count() == 3
    # The job runs once per campaign.
    assert tasks.deadline_scheduled() == []

    services.certification_record(actor=clerk_a, resident=recipients[1].resident, mode="home_visit",
                                  result="alive")
    recipients[1].refresh_from_db()
    assert recipients[1].status == "active"
    resume = RecipientEvent.objects.get(recipient=recipients[1], kind="resume")
    assert resume.source == "certification.record"
    # benefits pays the months from the suspension on as arrears (the month it was suspended from).
    suspend = RecipientEvent.objects.get(recipient=recipients[1], kind="suspend")
    assert resume.month == suspend.month
    entry = CampaignEntry.objects.get(campaign=past_campaign, resident=recipients[1].resident)
    assert entry.status == EntryStatus.CERTIFIED and entry.resumed_at is not None


def test_assistant_certifying_after_the_deadline_resumes_the_pension_as_the_system(
        assistant_a, officer, past_campaign, recipients):
    tasks.deadline_scheduled()
    services.certification_record(actor=assistant_a, resident=recipients[2].resident, mode="on_site",
                                  result="alive")
    recipients[2].refresh_from_db()
    assert recipients[2].status == "active"


def test_deadline_button_refuses_before_the_deadline(officer, campaign):
    with pytest.raises(ValidationError):
        services.deadline_request(actor=officer, campaign=campaign)


def test_deadline_button_suspends_through_benefits(officer, past_campaign, recipients,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.deadline_request(actor=officer, campaign=past_campaign)
    run.refresh_from_db()
    assert run.status == "succeeded" and run.count == 4
    assert RecipientEvent.objects.filter(kind="suspend", actor=officer).count() == 4


def test_death_reported_at_certification_ends_in_a_stop_with_the_overpayment(clerk_a, officer, campaign,
                                                                             recipients, today):
    r = recipients[0]
    r.paid_through = datetime.date(today.year, today.month, 1)
    r.save(update_fields=["paid_through"])
    death = (datetime.date(today.year, today.month, 1) - datetime.timedelta(days=70))
    services.certification_record(actor=clerk_a, resident=r.resident, mode="home_visit", result="deceased",
                                  death_date=death)
    case = MatchCase.objects.get(resident=r.resident)
    services.match_decide(actor=officer, case=case, decision="stop", note="confirmed by the village committee")
    r.refresh_from_db()
    assert r.status == "stopped" and r.stop_reason == "death"
    overpayment = Overpayment.objects.get(recipient=r)
    assert overpayment.amount > Decimal("0") and overpayment.kind == "death"
    assert CampaignEntry.objects.get(campaign=campaign, resident=r.resident).status == EntryStatus.CLOSED
    case.refresh_from_db()
    assert case.status == "stopped" and case.decided_by == officer


def test_who_raised_a_case_cannot_decide_it(officer, officer2, campaign, recipients, today):
    services.certification_record(actor=officer, resident=recipients[0].resident, mode="home_visit",
                                  result="deceased", death_date=today - datetime.timedelta(days=5))
    case = MatchCase.objects.get()
    with pytest.raises(ValidationError):
        services.match_decide(actor=officer, case=case, decision="stop")
    services.match_decide(actor=officer2, case=case, decision="dismiss", note="alive, seen today")
    with pytest.raises(Conflict):
        services.match_decide(actor=officer2, case=case, decision="stop")
    recipients[0].refresh_from_db()
    assert recipients[0].status == "active"
