"""Two-person termination of enrolment (issue 11 item 2): no defaults, evidence required, nothing changes until a
county officer other than the requester confirms; the requester may withdraw before that."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from enrollment import terminations
from enrollment.models import EpisodeStatus, ResidentStanding, TerminationRequest, TerminationStatus
from enrollment.signals import termination_confirmed
from pension.errors import Conflict
from pension.models import OperationLog

from .terminating import DEATH_DAY, ask

# --- services -----------------------------------------------------------------------------------------------------

def test_a_death_requested_by_a_clerk_changes_nothing_until_an_officer_confirms(clerk_a, officer, enrolled,
                                                                                signals_sent):
    req = ask(clerk_a, enrolled)
    enrolled.refresh_from_db()
    assert enrolled.death_date is None and enrolled.enrolment_status == ResidentStanding.ACTIVE
    assert enrolled.enrollments.get().status == EpisodeStatus.ACTIVE and signals_sent == []
    terminations.termination_confirm(actor=officer, request=req)
    enrolled.refresh_from_db()
    assert enrolled.death_date == DEATH_DAY and enrolled.enrolment_status == ResidentStanding.TERMINATED
    episode = enrolled.enrollments.get()
    assert (episode.status, episode.terminated_on, episode.termination_reason) == ("terminated", DEATH_DAY, "death")
    req.refresh_from_db()
    assert (req.status, req.checked_by) == (TerminationStatus.CONFIRMED, officer)


def test_the_signal_fires_once_on_confirm_inside_the_transaction(clerk_a, officer, enrolled, signals_sent):
    req = ask(clerk_a, enrolled)
    in_atomic = []
    termination_confirmed.connect(lambda sender, **kw: in_atomic.append(transaction.get_connection().in_atomic_block),
                                  dispatch_uid="test-atomic", weak=False)
    try:
        terminations.termination_confirm(actor=officer, request=req)
        with pytest.raises(Conflict):
            terminations.termination_confirm(actor=officer, request=req)
    finally:
        termination_confirmed.disconnect(dispatch_uid="test-atomic")
    assert len(signals_sent) == 1 and in_atomic == [True]
    sent = signals_sent[0]
    assert (sent["actor"], sent["resident"].pk, sent["reason"], sent["date"]) == (officer, enrolled.pk, "death",
                                                                                 DEATH_DAY)


def test_a_failing_receiver_rolls_the_confirmation_back(clerk_a, officer, enrolled):
    req = ask(clerk_a, enrolled)

    def boom(sender, **kwargs):
        raise RuntimeError("receiver failed")

    termination_confirmed.connect(boom, dispatch_uid="test-boom", weak=False)
    try:
        with pytest.raises(RuntimeError):
            terminations.termination_confirm(actor=officer, request=req)
    finally:
        termination_confirmed.disconnect(dispatch_uid="test-boom")
    enrolled.refresh_from_db()
    req.refresh_from_db()
    assert enrolled.death_date is None and req.status == TerminationStatus.REQUESTED


def test_the_requester_cannot_confirm_their_own_request(officer, enrolled, signals_sent):
    req = ask(officer, enrolled)
    with pytest.raises(ValidationError):
        terminations.termination_confirm(actor=officer, request=req)
    enrolled.refresh_from_db()
    assert enrolled.death_date is None and signals_sent == []


def test_the_database_refuses_a_checker_who_is_the_requester(officer, enrolled):
    req = ask(officer, enrolled)
    with pytest.raises(IntegrityError), transaction.atomic():
        TerminationRequest.objects.filter(pk=req.pk).update(status="confirmed", checked_by=officer)


def test_a_clerk_cannot_confirm_even_someone_elses_request(clerk_a, officer, enrolled):
    req = ask(officer, enrolled)
    with pytest.raises(PermissionDenied):
        terminations.termination_confirm(actor=clerk_a, request=req)


def test_the_requester_withdraws_before_confirmation_and_nothing_changed(clerk_a, officer, enrolled, signals_sent):
    req = ask(clerk_a, enrolled)
    terminations.termination_withdraw(actor=clerk_a, request=req)
    req.refresh_from_db()
    assert req.status == TerminationStatus.WITHDRAWN and req.withdrawn_at is not None
    with pytest.raises(Conflict):
        terminations.termination_confirm(actor=officer, request=req)
    enrolled.refresh_from_db()
    assert enrolled.death_date is None and signals_sent == []
    # A corrected request can be made afterwards.
    again = ask(clerk_a, enrolled, reason="transfer_out", evidence="转移接续联系函 2026-77")
    assert again.status == TerminationStatus.REQUESTED


def test_only_the_requester_withdraws_and_not_after_confirmation(clerk_a, officer, officer2, enrolled):
    req = ask(clerk_a, enrolled)
    with pytest.raises(PermissionDenied):
        terminations.termination_withdraw(actor=officer, request=req)
    terminations.termination_confirm(actor=officer, request=req)
    with pytest.raises(Conflict):
        terminations.termination_withdraw(actor=clerk_a, request=req)


def test_reject_needs_a_reason_and_leaves_the_enrolment_open(clerk_a, officer, enrolled):
    req = ask(clerk_a, enrolled)
    with pytest.raises(ValidationError) as excinfo:
        terminations.termination_reject(actor=officer, request=req, reason="  ")
    assert "decision_note" in excinfo.value.message_dict
    terminations.termination_reject(actor=officer, request=req, reason="证明材料不清晰")
    req.refresh_from_db()
    enrolled.refresh_from_db()
    assert req.status == TerminationStatus.REJECTED and enrolled.death_date is None


def test_a_request_needs_reason_date_and_evidence_with_no_defaults(clerk_a, enrolled):
    enrollment = enrolled.enrollments.get()
    with pytest.raises(ValidationError) as excinfo:
        terminations.termination_request(actor=clerk_a, enrollment=enrollment, reason="", terminated_on=None,
                                         evidence=" ")
    assert {"reason", "terminated_on", "evidence"} <= set(excinfo.value.message_dict)
    with pytest.raises(ValidationError) as excinfo:
        terminations.termination_request(actor=clerk_a, enrollment=enrollment, reason="death",
                                         terminated_on=timezone.localdate() + datetime.timedelta(days=1),
                                         evidence="x")
    assert "terminated_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        terminations.termination_request(actor=clerk_a, enrollment=enrollment, reason="death",
                                         terminated_on=datetime.date(2019, 1, 1), evidence="x")
    assert "terminated_on" in excinfo.value.message_dict
    assert not TerminationRequest.objects.exists()


def test_a_second_request_while_one_waits_is_a_conflict(clerk_a, enrolled):
    ask(clerk_a, enrolled)
    with pytest.raises(Conflict):
        ask(clerk_a, enrolled, reason="transfer_out")


def test_a_clerk_of_township_b_cannot_ask_in_township_a(clerk_b, enrolled):
    with pytest.raises(PermissionDenied):
        ask(clerk_b, enrolled)


def test_transfer_out_keeps_no_death_date_and_the_resident_may_enrol_again(clerk_a, officer, enrolled):
    from enrollment import services

    terminations.termination_confirm(actor=officer, request=ask(clerk_a, enrolled, reason="transfer_out"))
    enrolled.refresh_from_db()
    assert enrolled.death_date is None
    assert services.enrollment_create(actor=clerk_a, resident=enrolled).status == EpisodeStatus.ACTIVE


def test_each_step_writes_its_log_rows_in_the_same_transaction(clerk_a, officer, enrolled):
    req = ask(clerk_a, enrolled)
    terminations.termination_confirm(actor=officer, request=req)
    actions = list(OperationLog.objects.filter(actor__isnull=False).order_by("id")
                   .values_list("action", "actor__username"))
    assert actions == [("termination.request", "clerk_a"), ("termination.confirm", "officer"),
                       ("enrollment.terminate", "officer")]
    entry = OperationLog.objects.get(action="enrollment.terminate")
    assert entry.before["status"] == "active" and entry.after["status"] == "terminated"


def test_a_confirmed_death_stops_the_pension_and_a_requested_one_does_not(clerk_a, officer, village_a,
                                                                          make_recipient):
    from enrollment.models import Enrollment

    recipient = make_recipient(village_a, paid_through=datetime.date(2026, 12, 1))
    resident = recipient.resident
    Enrollment.objects.create(resident=resident, enrolled_on=datetime.date(2020, 3, 1),
                              first_month=datetime.date(2020, 3, 1))
    req = ask(clerk_a, resident)
    recipient.refresh_from_db()
    assert recipient.status != "stopped"
    terminations.termination_confirm(actor=officer, request=req)
    recipient.refresh_from_db()
    assert recipient.status == "stopped"
