"""Issue 10 item 4: approval re-checks the resident (dead or terminated → refused, entry returned with the
reason), and a confirmed termination cancels the resident's pending entries (a log row each)."""

import datetime

import pytest
from django.utils import translation

from collection import services
from collection.models import Contribution, ContributionStatus
from enrollment.models import Enrollment, Resident, ResidentStanding
from enrollment.signals import termination_confirmed
from funds.models import AccountEntry
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


def _record_death(resident, day):
    """Death recorded as enrollment's confirmed termination leaves it (whoever built that form)."""
    Enrollment.objects.filter(resident=resident).update(status="terminated", terminated_on=day,
                                                        termination_reason="death")
    Resident.objects.filter(pk=resident.pk).update(death_date=day, enrolment_status=ResidentStanding.TERMINATED)


def test_approval_after_death_is_refused_and_the_entry_returned_with_the_reason(enter, payer, officer):
    c = enter(payer)
    _record_death(payer, datetime.date(2026, 3, 20))
    with translation.override("zh-hans"), pytest.raises(Conflict) as exc:
        services.contribution_approve(actor=officer, contribution=c)
    message = exc.value.message_dict["resident"][0]
    assert "2026-03-20" in message and "死亡" in message and "退回" in message
    c.refresh_from_db()
    assert c.status == ContributionStatus.RETURNED and c.checker == officer
    assert "2026-03-20" in c.return_reason
    assert not AccountEntry.objects.exists()
    log = OperationLog.objects.get(action="contribution.return", object_id=str(c.pk))
    assert log.reason == c.return_reason


def test_approval_after_transfer_out_is_refused(enter, payer, officer):
    c = enter(payer)
    Enrollment.objects.filter(resident=payer).update(status="terminated", terminated_on=datetime.date(2026, 4, 1),
                                                     termination_reason="transfer_out")
    Resident.objects.filter(pk=payer.pk).update(enrolment_status=ResidentStanding.TERMINATED)
    with translation.override("zh-hans"), pytest.raises(Conflict) as exc:
        services.contribution_approve(actor=officer, contribution=c)
    assert "2026-04-01" in exc.value.message_dict["resident"][0]
    c.refresh_from_db()
    assert c.status == ContributionStatus.RETURNED
    assert not AccountEntry.objects.exists()


def test_approval_of_a_living_enrolled_resident_still_credits(enter, payer, officer):
    c = services.contribution_approve(actor=officer, contribution=enter(payer))
    assert c.status == ContributionStatus.APPROVED and AccountEntry.objects.exists()


def test_api_answers_409_with_the_reason_and_the_entry_stays_returned(enter, payer, officer, api):
    c = enter(payer)
    _record_death(payer, datetime.date(2026, 3, 20))
    response = api(officer).post(f"/api/v1/contributions/{c.pk}/approve/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 409
    assert "2026-03-20" in response.json()["errors"]["resident"][0]
    c.refresh_from_db()
    assert c.status == ContributionStatus.RETURNED


def test_confirmed_death_cancels_pending_entries_with_a_log_row_each(enter, payer, make_resident, village_a,
                                                                      officer, officer2, clerk_a):
    """王五's returned entry and a second entered one are cancelled; 张三's approved and 李四's entries stay."""
    approved = services.contribution_approve(actor=officer, contribution=enter(payer))
    others = enter(make_resident(village_a, name="李四", enrolled=True))
    mine = enter(make_resident(village_a, name="王五", enrolled=True))
    returned = services.contribution_return(actor=officer, contribution=mine, reason="档次不对")
    _record_death(returned.resident, datetime.date(2026, 3, 20))
    # a second pending entry of the dead resident: entered, not yet reviewed
    second = Contribution.objects.create(
        resident=returned.resident, township_id=returned.township_id, village_id=returned.village_id, year=2025,
        kind="back_payment", grade=returned.grade, personal_amount=returned.grade, channel="bank",
        paid_on=datetime.date(2026, 3, 2), status="entered", maker=clerk_a)
    with translation.override("zh-hans"):
        termination_confirmed.send(sender=None, actor=officer2, resident=returned.resident, reason="death",
                                   date=datetime.date(2026, 3, 20))
    for c in (returned, second):
        c.refresh_from_db()
        assert c.status == ContributionStatus.CANCELLED and "2026-03-20" in c.cancel_reason
        log = OperationLog.objects.get(action="contribution.cancel", object_id=str(c.pk))
        assert log.actor == officer2 and log.reason == c.cancel_reason
    others.refresh_from_db()
    assert others.status == ContributionStatus.ENTERED  # someone else's entry is untouched
    assert Contribution.objects.get(pk=approved.pk).status == ContributionStatus.APPROVED  # not someone else's


def test_a_transfer_out_cancels_pending_entries_too_and_nothing_to_cancel_is_no_error(enter, payer, officer2):
    c = enter(payer)
    termination_confirmed.send(sender=None, actor=officer2, resident=payer, reason="transfer_out",
                               date=datetime.date(2026, 4, 1))
    c.refresh_from_db()
    assert c.status == ContributionStatus.CANCELLED
    termination_confirmed.send(sender=None, actor=officer2, resident=payer, reason="transfer_out",
                               date=datetime.date(2026, 4, 1))
    assert OperationLog.objects.filter(action="contribution.cancel").count() == 1


def test_a_death_confirmed_by_a_second_officer_cancels_the_entry_and_blocks_approval(enter, payer, clerk_a,
                                                                                      officer, officer2):
    """The whole way: the township asks, the county confirms, enrollment sends the signal, collection cancels."""
    from enrollment.terminations import termination_confirm, termination_request
    from enrollment.tests.terminating import death_certificate

    c = enter(payer)
    req = termination_request(actor=clerk_a, enrollment=payer.enrollments.get(), reason="death",
                              terminated_on=datetime.date(2026, 3, 20), evidence="死亡证明 第123号",
                              evidence_file=death_certificate())
    termination_confirm(actor=officer2, request=req)
    c.refresh_from_db()
    assert c.status == ContributionStatus.CANCELLED
    assert OperationLog.objects.filter(action="contribution.cancel", object_id=str(c.pk)).count() == 1
    with pytest.raises(Conflict):
        services.contribution_approve(actor=officer, contribution=c)
