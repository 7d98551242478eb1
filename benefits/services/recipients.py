"""A recipient's standing: suspend, resume, stop for death, stop for double receipt.

    active ──suspend──▶ suspended ──resume──▶ active      (the suspended months are paid as arrears next payroll)
    active | suspended ──stop (death / double receipt)──▶ stopped

Nothing else changes a recipient's status. `source` names who caused the change ("certification.deadline",
"certification.record", "certification.match", "enrollment.termination", "stop_request", "suspend_request",
"resume_request"). An automatic source may run without a person (actor=None, e.g. a beat job); a person making a
change needs a township clerk or county officer whose area holds the recipient. No change of standing is "manual"
(one person's act): a person asks for it and another confirms it (services/stops.py, the sources
"stop_request", "suspend_request", "resume_request"); a source "manual" is refused.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import REGISTRARS, require_post
from pension.scope import area_in_scope

from ..models import (
    LIVE_OTHER_PENSION,
    OtherPension,
    OtherPensionKind,
    OtherPensionStatus,
    Overpayment,
    OverpaymentKind,
    Recipient,
    RecipientEvent,
    RecipientEventKind,
    RecipientStatus,
    StopReason,
    StopRequest,
    StopRequestAction,
    StopRequestStatus,
)
from ..months import add_months, month_of
from .overpayments import settlement_close

STATUS_FIELDS = ["status", "suspended_from", "stopped_on", "stopped_from", "stop_reason", "paid_through"]
MANUAL = "manual"
STOP_REQUEST = "stop_request"
# The source of a change made by confirming a request (services/stops.py), also its log actions' prefix.
REQUEST_SOURCE = {StopRequestAction.STOP: STOP_REQUEST, StopRequestAction.SUSPEND: "suspend_request",
                  StopRequestAction.RESUME: "resume_request"}


def check_actor(actor, recipient: Recipient, source: str) -> None:
    if actor is None:
        if not source or source == MANUAL:
            raise PermissionDenied(_("A manual change needs the person who makes it."))
        return
    require_post(actor, REGISTRARS, _("Only a township clerk or a county business officer changes a recipient."))
    if not area_in_scope(actor, recipient.village):
        raise Http404  # out of scope is absent, as in every selector


def _clean(reason: str, source: str) -> tuple[str, str]:
    reason, source = (reason or "").strip(), (source or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if not source or len(source) > 40:
        raise ValidationError({"source": _("Name the source of the change (at most 40 characters).")})
    return reason, source


def lock(recipient: Recipient) -> Recipient:
    return Recipient.objects.select_for_update().get(pk=recipient.pk)


def next_unpaid_month(recipient: Recipient) -> datetime.date:
    if recipient.paid_through is None:
        return recipient.start_month
    return max(recipient.start_month, add_months(recipient.paid_through, 1))


def _event(recipient, *, kind, month, date, reason, source, actor) -> RecipientEvent:
    return RecipientEvent.objects.create(recipient=recipient, kind=kind, month=month, date=date, reason=reason,
                                         source=source, actor=actor if getattr(actor, "pk", None) else None)


def _log(actor, action, recipient, before, reason):
    log_operation(actor=actor, action=action, obj=recipient, before=before,
                  after=snapshot(recipient, STATUS_FIELDS), reason=reason, area=recipient.village)


@transaction.atomic
def recipient_suspend(*, actor, recipient: Recipient, reason: str, source: str) -> Recipient:
    """Take the recipient off the payroll from the first month not yet paid."""
    reason, source = _clean(reason, source)
    _refuse_one_person(source)
    recipient = lock(recipient)
    check_actor(actor, recipient, source)
    if recipient.status != RecipientStatus.ACTIVE:
        raise Conflict({"status": _("Only a recipient being paid can be suspended.")})
    before = snapshot(recipient, STATUS_FIELDS)
    recipient.status = RecipientStatus.SUSPENDED
    recipient.suspended_from = next_unpaid_month(recipient)
    recipient.save(update_fields=["status", "suspended_from"])
    _supersede(recipient, actor, SUSPENSION_ACTIONS)
    _event(recipient, kind=RecipientEventKind.SUSPEND, month=recipient.suspended_from, date=timezone.localdate(),
           reason=reason, source=source, actor=actor)
    _log(actor, "recipient.suspend", recipient, before, reason)
    return recipient


@transaction.atomic
def recipient_resume(*, actor, recipient: Recipient, reason: str, source: str) -> Recipient:
    """Back on the payroll. The months not paid while suspended are paid as arrears by the next payroll (it pays
    every month from the one after `paid_through`)."""
    reason, source = _clean(reason, source)
    _refuse_one_person(source)
    recipient = lock(recipient)
    check_actor(actor, recipient, source)
    if recipient.status != RecipientStatus.SUSPENDED:
        raise Conflict({"status": _("Only a suspended recipient can be resumed.")})
    before = snapshot(recipient, STATUS_FIELDS)
    suspended_from = recipient.suspended_from
    recipient.status = RecipientStatus.ACTIVE
    recipient.suspended_from = None
    recipient.save(update_fields=["status", "suspended_from"])
    _supersede(recipient, actor, SUSPENSION_ACTIONS)
    _event(recipient, kind=RecipientEventKind.RESUME, month=suspended_from, date=timezone.localdate(),
           reason=reason, source=source, actor=actor)
    _log(actor, "recipient.resume", recipient, before, reason)
    return recipient


def _refuse_one_person_stop(source: str) -> None:
    if source == MANUAL:
        raise PermissionDenied(_("A stop takes two people: ask for it on the recipient's page and another county "
                                 "officer confirms it."))


def _refuse_one_person(source: str) -> None:
    if source == MANUAL:
        raise PermissionDenied(_("A suspension or resumption takes two people: ask for it on the recipient's page "
                                 "and another county officer confirms it."))


SUSPENSION_ACTIONS = (StopRequestAction.SUSPEND, StopRequestAction.RESUME)


def _supersede(recipient: Recipient, actor, actions) -> None:
    """Close the open requests a change made another way has overtaken (the confirmed one is no longer open)."""
    for req in StopRequest.objects.select_for_update().filter(recipient=recipient, action__in=actions,
                                                              status=StopRequestStatus.PROPOSED):
        req.status = StopRequestStatus.SUPERSEDED
        req.save(update_fields=["status"])
        log_operation(actor=actor, action=f"{REQUEST_SOURCE[req.action]}.supersede", obj=req,
                      before={"status": "proposed"}, after={"status": req.status}, area=recipient.village)


def _stop(recipient: Recipient, *, actor, stopped_on: datetime.date, stopped_from: datetime.date,
          reason_code: str):
    if recipient.status == RecipientStatus.STOPPED:
        raise Conflict({"status": _("This pension has already been stopped.")})
    _supersede(recipient, actor, StopRequestAction.values)
    recipient.status = RecipientStatus.STOPPED
    recipient.stopped_on, recipient.stopped_from, recipient.stop_reason = stopped_on, stopped_from, reason_code
    recipient.suspended_from = None
    recipient.save(update_fields=["status", "stopped_on", "stopped_from", "stop_reason", "suspended_from"])


def paid_after(recipient: Recipient, first_month: datetime.date, *, part: str = "monthly") -> tuple[int, Decimal]:
    """(months, amount) already included in payrolls from `first_month` on; `part` is "monthly" (the whole
    pension) or "basic" (only the basic pension)."""
    from ..selectors.payments import paid_amount_from  # the payroll's record of what each month paid

    return paid_amount_from(recipient=recipient, first_month=first_month, part=part)


def _overpayment(recipient, *, kind, first_month, actor, reason, part) -> Overpayment | None:
    months, amount = paid_after(recipient, first_month, part=part)
    if months <= 0 or amount <= 0:
        return None
    overpayment = Overpayment.objects.create(
        recipient=recipient, kind=kind, first_month=first_month,
        last_month=add_months(first_month, months - 1), amount=amount, reason=reason,
        created_by=actor if getattr(actor, "pk", None) else None)
    log_operation(actor=actor, action="overpayment.record", obj=overpayment,
                  after=snapshot(overpayment, ["recipient", "kind", "first_month", "last_month", "amount"]),
                  reason=reason, area=recipient.village)
    return overpayment


@transaction.atomic
def recipient_stop_for_death(*, actor, recipient: Recipient, death_date: datetime.date, reason: str,
                             source: str) -> Recipient:
    """Stop from the month after the month of death; months already paid after it become an overpayment."""
    reason, source = _clean(reason, source)
    _refuse_one_person_stop(source)
    if not isinstance(death_date, datetime.date) or death_date > timezone.localdate():
        raise ValidationError({"death_date": _("Give a date of death that is not in the future.")})
    recipient = lock(recipient)
    check_actor(actor, recipient, source)
    before = snapshot(recipient, STATUS_FIELDS)
    stopped_from = add_months(month_of(death_date), 1)
    _stop(recipient, actor=actor, stopped_on=death_date, stopped_from=stopped_from, reason_code=StopReason.DEATH)
    _event(recipient, kind=RecipientEventKind.STOP_DEATH, month=stopped_from, date=death_date, reason=reason,
           source=source, actor=actor)
    _log(actor, "recipient.stop_death", recipient, before, reason)
    _overpayment(recipient, kind=OverpaymentKind.DEATH, first_month=stopped_from, actor=actor, reason=reason,
                 part="monthly")
    settlement_close(actor=actor, recipient=recipient)
    return recipient


@transaction.atomic
def recipient_stop_for_double_receipt(*, actor, recipient: Recipient, other_pension_start: datetime.date,
                                      reason: str, source: str) -> Recipient:
    """Another state pension was found: this one ends from the month the other began; the basic pension paid for
    those months is recorded as an overpayment (the account part was the person's own money)."""
    reason, source = _clean(reason, source)
    _refuse_one_person_stop(source)
    if not isinstance(other_pension_start, datetime.date) or other_pension_start > timezone.localdate():
        raise ValidationError({"other_pension_start": _("Give the date the other pension began (not in the future).")})
    recipient = lock(recipient)
    check_actor(actor, recipient, source)
    before = snapshot(recipient, STATUS_FIELDS)
    stopped_from = max(month_of(other_pension_start), recipient.start_month)
    _stop(recipient, actor=actor, stopped_on=other_pension_start, stopped_from=stopped_from,
          reason_code=StopReason.DOUBLE_RECEIPT)
    _event(recipient, kind=RecipientEventKind.STOP_DOUBLE, month=stopped_from, date=other_pension_start,
           reason=reason, source=source, actor=actor)
    _log(actor, "recipient.stop_double_receipt", recipient, before, reason)
    if not OtherPension.objects.filter(resident_id=recipient.resident_id, status__in=LIVE_OTHER_PENSION).exists():
        # On file for the newly-of-age list and any later award proposal (nobody draws both).
        OtherPension.objects.create(
            resident_id=recipient.resident_id, township_id=recipient.township_id, village_id=recipient.village_id,
            kind=OtherPensionKind.OTHER, started_on=other_pension_start, source=source[:40], note=reason,
            status=OtherPensionStatus.CONFIRMED, recorded_by=actor if getattr(actor, "pk", None) else None)
    _overpayment(recipient, kind=OverpaymentKind.DOUBLE_RECEIPT, first_month=stopped_from, actor=actor,
                 reason=reason, part="basic")
    settlement_close(actor=actor, recipient=recipient)
    return recipient

