"""A recipient's standing: suspend, resume, stop for death, stop for double receipt, and the reads certification
uses (recipients_for, recipient_for_resident, recipient_events_between)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from benefits import selectors, services
from benefits.models import Overpayment, RecipientEvent, RecipientStatus
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db

M = datetime.date
# System sources change the standing in one step; a person's change is a request (test_suspension_requests.py).
DEADLINE, LATE = "certification.deadline", "certification.record"


def test_suspend_takes_the_recipient_off_from_the_first_unpaid_month_and_logs_it(make_recipient, village_a,
                                                                                    clerk_a):
    r = make_recipient(village_a, paid_through=M(2024, 5, 1))
    r = services.recipient_suspend(actor=clerk_a, recipient=r, reason="not certified by the deadline",
                                   source=DEADLINE)
    assert r.status == RecipientStatus.SUSPENDED and r.suspended_from == M(2024, 6, 1)
    event = r.events.get(kind="suspend")
    assert event.source == "certification.deadline" and event.actor == clerk_a
    assert OperationLog.objects.filter(action="recipient.suspend", object_id=str(r.pk)).count() == 1


def test_resume_keeps_paid_through_so_the_next_payroll_pays_the_suspended_months(make_recipient, village_a,
                                                                                  officer):
    r = make_recipient(village_a, paid_through=M(2024, 5, 1))
    services.recipient_suspend(actor=officer, recipient=r, reason="no certification", source=DEADLINE)
    r = services.recipient_resume(actor=officer, recipient=r, reason="certified late", source=LATE)
    assert r.status == RecipientStatus.ACTIVE and r.suspended_from is None and r.paid_through == M(2024, 5, 1)
    assert r.events.get(kind="resume").month == M(2024, 6, 1)


def test_suspending_twice_or_resuming_an_active_recipient_is_a_conflict(make_recipient, village_a, officer):
    r = make_recipient(village_a)
    with pytest.raises(Conflict):
        services.recipient_resume(actor=officer, recipient=r, reason="x", source=LATE)
    services.recipient_suspend(actor=officer, recipient=r, reason="x", source=DEADLINE)
    with pytest.raises(Conflict):
        services.recipient_suspend(actor=officer, recipient=r, reason="x", source=DEADLINE)


def test_a_reason_and_a_source_are_required(make_recipient, village_a, officer):
    r = make_recipient(village_a)
    with pytest.raises(ValidationError) as exc:
        services.recipient_suspend(actor=officer, recipient=r, reason=" ", source="manual")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.recipient_suspend(actor=officer, recipient=r, reason="x", source="")
    assert "source" in exc.value.message_dict


def test_clerk_of_township_b_cannot_suspend_a_recipient_of_township_a(make_recipient, village_a, clerk_b):
    from django.http import Http404

    r = make_recipient(village_a)
    with pytest.raises(Http404):
        services.recipient_suspend(actor=clerk_b, recipient=r, reason="x", source=DEADLINE)
    r.refresh_from_db()
    assert r.status == RecipientStatus.ACTIVE


def test_finance_and_assistants_cannot_change_a_recipient(make_recipient, village_a, finance, assistant_a):
    r = make_recipient(village_a)
    for user in (finance, assistant_a):
        with pytest.raises(PermissionDenied):
            services.recipient_suspend(actor=user, recipient=r, reason="x", source=DEADLINE)


def test_an_automatic_source_may_act_without_a_person_but_a_manual_change_may_not(make_recipient, village_a):
    r = make_recipient(village_a)
    with pytest.raises(PermissionDenied):
        services.recipient_suspend(actor=None, recipient=r, reason="x", source="manual")
    r = services.recipient_suspend(actor=None, recipient=r, reason="deadline passed", source=DEADLINE)
    assert r.status == RecipientStatus.SUSPENDED


def test_death_mid_month_stops_from_the_next_month_and_months_paid_after_become_an_overpayment(
        make_recipient, village_a, officer):
    # Paid through July 2024; died 2024-05-17 → May is still due, June and July (2 × 300) were paid too much.
    r = make_recipient(village_a, monthly_amount="300.00", paid_through=M(2024, 7, 1))
    r = services.recipient_stop_for_death(actor=officer, recipient=r, death_date=M(2024, 5, 17),
                                          reason="death certificate", source="stop_request")
    assert r.status == RecipientStatus.STOPPED and r.stop_reason == "death"
    assert r.stopped_on == M(2024, 5, 17) and r.stopped_from == M(2024, 6, 1)
    over = Overpayment.objects.get(recipient=r)
    assert (over.kind, over.first_month, over.last_month, over.amount) == (
        "death", M(2024, 6, 1), M(2024, 7, 1), Decimal("600.00"))


def test_death_after_the_last_paid_month_leaves_no_overpayment(make_recipient, village_a, officer):
    r = make_recipient(village_a, paid_through=M(2024, 5, 1))
    services.recipient_stop_for_death(actor=officer, recipient=r, death_date=M(2024, 5, 31), reason="x",
                                      source="stop_request")
    assert not Overpayment.objects.exists()


def test_double_receipt_records_only_the_basic_pension_paid_since_the_other_began(make_recipient, village_a,
                                                                                   officer):
    r = make_recipient(village_a, monthly_amount="300.00", basic_amount="200.00", paid_through=M(2024, 6, 1))
    r = services.recipient_stop_for_double_receipt(actor=officer, recipient=r, other_pension_start=M(2024, 3, 20),
                                                   reason="found in the civil-service list",
                                                   source="certification.match")
    assert r.stop_reason == "double_receipt" and r.stopped_from == M(2024, 3, 1)
    over = Overpayment.objects.get(recipient=r)
    assert (over.first_month, over.last_month, over.amount) == (M(2024, 3, 1), M(2024, 6, 1), Decimal("800.00"))


def test_a_stopped_pension_cannot_be_stopped_again_or_suspended(make_recipient, village_a, officer):
    r = make_recipient(village_a)
    services.recipient_stop_for_death(actor=officer, recipient=r, death_date=M(2024, 1, 3), reason="x",
                                      source="stop_request")
    with pytest.raises(Conflict):
        services.recipient_stop_for_double_receipt(actor=officer, recipient=r, other_pension_start=M(2024, 1, 1),
                                                   reason="x", source="stop_request")
    with pytest.raises(Conflict):
        services.recipient_suspend(actor=officer, recipient=r, reason="x", source=DEADLINE)


def test_a_death_date_in_the_future_is_refused(make_recipient, village_a, officer):
    r = make_recipient(village_a)
    with pytest.raises(ValidationError) as exc:
        services.recipient_stop_for_death(actor=officer, recipient=r, death_date=M(2999, 1, 1), reason="x",
                                          source="stop_request")
    assert "death_date" in exc.value.message_dict


def test_recipients_for_applies_scope_and_filters(make_recipient, village_a, village_a2, village_b, clerk_a,
                                                  assistant_a, officer):
    a = make_recipient(village_a)
    a2 = make_recipient(village_a2)
    b = make_recipient(village_b)
    assert set(selectors.recipients_for(user=officer)) == {a, a2, b}
    assert set(selectors.recipients_for(user=clerk_a)) == {a, a2}
    assert set(selectors.recipients_for(user=assistant_a)) == {a}
    assert set(selectors.recipients_for(user=officer, village=village_a2)) == {a2}
    assert set(selectors.recipients_for(user=officer, township=b.township_id)) == {b}
    services.recipient_suspend(actor=officer, recipient=a, reason="x", source=DEADLINE)
    assert set(selectors.recipients_for(user=clerk_a, status="suspended")) == {a}


def test_recipient_for_resident_is_none_out_of_scope(make_recipient, village_a, clerk_a, clerk_b):
    r = make_recipient(village_a)
    assert selectors.recipient_for_resident(user=clerk_a, resident_id=r.resident_id) == r
    assert selectors.recipient_for_resident(user=clerk_b, resident_id=r.resident_id) is None
    assert selectors.recipient_for_resident(user=clerk_a, resident_id="abc") is None


def test_recipient_events_between_lists_awards_and_stops_with_their_reason(make_recipient, village_a, village_b,
                                                                          officer, clerk_a):
    r = make_recipient(village_a, start_month=M(2024, 2, 1))
    services.recipient_suspend(actor=officer, recipient=r, reason="x", source=DEADLINE)  # not a notice event
    services.recipient_resume(actor=officer, recipient=r, reason="x", source=LATE)
    services.recipient_stop_for_death(actor=officer, recipient=r, death_date=M(2024, 3, 5), reason="died",
                                      source="stop_request")
    make_recipient(village_b, start_month=M(2024, 2, 1))
    events = list(selectors.recipient_events_between(user=clerk_a, start=M(2024, 1, 1), end=M(2024, 12, 31)))
    assert [(e.kind, e.reason) for e in events] == [("award", "test award"), ("stop_death", "died")]
    assert not selectors.recipient_events_between(user=clerk_a, start=M(2024, 2, 2), end=M(2024, 3, 1)).exists()
    assert RecipientEvent.objects.count() == 5


def test_a_confirmed_death_in_enrolment_stops_the_pension_in_the_same_transaction(make_recipient, village_a,
                                                                                   officer):
    from enrollment.signals import termination_confirmed

    r = make_recipient(village_a, paid_through=M(2024, 9, 1))
    termination_confirmed.send(sender=None, actor=officer, resident=r.resident, reason="death",
                               date=M(2024, 8, 2))
    r.refresh_from_db()
    assert r.status == RecipientStatus.STOPPED and r.stopped_from == M(2024, 9, 1)
    assert r.events.get(kind="stop_death").source == "enrollment.termination"
    assert Overpayment.objects.get(recipient=r).amount == Decimal("300.00")
    termination_confirmed.send(sender=None, actor=officer, resident=r.resident, reason="transfer_out",
                               date=M(2024, 8, 2))  # nothing more to do, no error


def test_clerk_of_township_b_gets_404_from_the_services_on_a_township_a_recipient(make_recipient, village_a,
                                                                                   clerk_b):
    from django.http import Http404

    r = make_recipient(village_a)
    for call in (lambda: services.recipient_suspend(actor=clerk_b, recipient=r, reason="x", source=DEADLINE),
                 lambda: services.recipient_stop_for_death(actor=clerk_b, recipient=r, death_date=M(2024, 1, 2),
                                                           reason="x", source="stop_request"),
                 lambda: services.recipient_stop_for_double_receipt(actor=clerk_b, recipient=r,
                                                                    other_pension_start=M(2024, 1, 2), reason="x",
                                                                    source="stop_request")):
        with pytest.raises(Http404):
            call()
    r.refresh_from_db()
    assert r.status == "active"


def test_clerk_of_township_b_gets_404_proposing_an_award_for_a_township_a_resident(make_resident, village_a,
                                                                                    clerk_b):
    from django.http import Http404

    from benefits.models import Award

    resident = make_resident(village_a, birth=M(1966, 1, 5))
    with pytest.raises(Http404):
        services.award_propose(actor=clerk_b, resident=resident)
    assert not Award.objects.exists()
