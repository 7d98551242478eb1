"""Manual changes of a recipient's standing take two people (DESIGN: every change of money or of a person's
standing). A township clerk or county officer asks; a county officer other than the one who asked confirms it,
and only then is the change made by the one-step service in services/recipients.py (with the confirmer as the
one who made it), or rejects it with a reason. One model, `StopRequest`, with `action`:

- stop (death, double receipt; with the date): a wrong stop takes a living person's only income, so the pension
  is paid until the confirmation; months paid after a confirmed death or double receipt become an overpayment
  (counted from the date given, not from the day of the confirmation);
- suspend: withholds the pension from the first month not yet paid;
- resume: pays the suspended months as arrears in the next payroll.

One open stop request per recipient, and one open suspension or resumption (the database holds both). A change
made another way closes the open requests it overtakes as superseded: a death confirmed in enrolment (already
checked by two people) closes all of them; certification's deadline suspension and late-certification
resumption (system sources, one step) close an open suspension or resumption.

    proposed ──confirm (another county officer)──▶ confirmed   (the change is made)
    proposed ──reject (another county officer, reason)──▶ rejected
    proposed ──the change made another way──▶ superseded
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, require_post

from ..models import (
    Recipient,
    RecipientStatus,
    StopReason,
    StopRequest,
    StopRequestAction,
    StopRequestStatus,
)
from .recipients import (
    REQUEST_SOURCE,
    check_actor,
    lock,
    recipient_resume,
    recipient_stop_for_death,
    recipient_stop_for_double_receipt,
    recipient_suspend,
)

FIELDS = ["recipient", "action", "kind", "date", "reason", "status", "requested_by", "checker", "reject_reason"]
SUSPENSION_ACTIONS = (StopRequestAction.SUSPEND, StopRequestAction.RESUME)
ONE_OPEN = {StopRequestAction.STOP: "stop_request_one_open_per_recipient",
            StopRequestAction.SUSPEND: "stop_request_one_open_suspension_per_recipient",
            StopRequestAction.RESUME: "stop_request_one_open_suspension_per_recipient"}


def _log(actor, verb, req: StopRequest, before=None, reason=""):
    """Logged as stop_request.*, suspend_request.* or resume_request.* (the request's source name)."""
    log_operation(actor=actor, action=f"{REQUEST_SOURCE[req.action]}.{verb}", obj=req, before=before,
                  after=snapshot(req, FIELDS), reason=reason, area=req.recipient.village)


def _busy_message(action: str) -> str:
    if action == StopRequestAction.STOP:
        return _("A stop request for this recipient is already waiting for confirmation.")
    return _("A suspension or resumption for this recipient is already waiting for confirmation.")


def _open(*, actor, recipient: Recipient, action: str, reason: str, kind: str = "",
          date: datetime.date | None = None) -> StopRequest:
    """The shape every request shares: who may ask, scope, a reason, one open request, the row and its log."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    actions = [action] if action == StopRequestAction.STOP else list(SUSPENSION_ACTIONS)
    if StopRequest.objects.filter(recipient=recipient, status=StopRequestStatus.PROPOSED,
                                  action__in=actions).exists():
        raise Conflict({"recipient": _busy_message(action)})
    try:
        with transaction.atomic():
            req = StopRequest.objects.create(recipient=recipient, action=action, kind=kind, date=date,
                                             reason=reason[:500], requested_by=actor)
    except IntegrityError as exc:  # asked meanwhile by someone else
        if violated_constraint(exc) == ONE_OPEN[action]:
            raise Conflict({"recipient": _busy_message(action)}) from exc
        raise
    _log(actor, "propose", req, reason=reason)
    return req


@transaction.atomic
def stop_request_propose(*, actor, recipient: Recipient, kind: str, date: datetime.date,
                         reason: str) -> StopRequest:
    """Ask for a stop. The pension is paid until a second person confirms; one open request per recipient."""
    require_post(actor, REGISTRARS, _("Only a township clerk or a county business officer asks for a stop."))
    recipient = lock(recipient)
    check_actor(actor, recipient, REQUEST_SOURCE[StopRequestAction.STOP])
    if kind not in StopReason.values:
        raise ValidationError({"kind": _("Choose death or double receipt.")})
    if not isinstance(date, datetime.date) or date > timezone.localdate():
        raise ValidationError({"date": _("Give the date of death or the day the other pension began (not in the "
                                         "future).")})
    if recipient.status == RecipientStatus.STOPPED:
        raise Conflict({"status": _("This pension has already been stopped.")})
    return _open(actor=actor, recipient=recipient, action=StopRequestAction.STOP, kind=kind, date=date,
                 reason=reason)


@transaction.atomic
def suspension_request_propose(*, actor, recipient: Recipient, action: str, reason: str) -> StopRequest:
    """Ask to suspend (action "suspend") or resume ("resume") a pension; nothing changes until a second person
    confirms. One open suspension or resumption per recipient."""
    require_post(actor, REGISTRARS, _("Only a township clerk or a county business officer changes a recipient."))
    if action not in SUSPENSION_ACTIONS:
        raise ValidationError({"action": _("Choose suspend or resume.")})
    recipient = lock(recipient)
    check_actor(actor, recipient, REQUEST_SOURCE[action])
    if action == StopRequestAction.SUSPEND and recipient.status != RecipientStatus.ACTIVE:
        raise Conflict({"status": _("Only a recipient being paid can be suspended.")})
    if action == StopRequestAction.RESUME and recipient.status != RecipientStatus.SUSPENDED:
        raise Conflict({"status": _("Only a suspended recipient can be resumed.")})
    return _open(actor=actor, recipient=recipient, action=action, reason=reason)


def _for_check(actor, stop_request: StopRequest) -> StopRequest:
    require_post(actor, COUNTY_BUSINESS, _("Only a county business officer confirms a stop."))
    req = StopRequest.objects.select_for_update().select_related("recipient__village").get(pk=stop_request.pk)
    check_actor(actor, req.recipient, REQUEST_SOURCE[req.action])
    if req.requested_by_id == actor.pk:
        raise ValidationError({"checker": _("You asked for this stop; someone else must confirm it.")
                               if req.action == StopRequestAction.STOP
                               else _("You asked for this change; someone else must confirm it.")})
    if req.status != StopRequestStatus.PROPOSED:
        raise Conflict({"status": _("This stop request is not waiting for confirmation.")})
    return req


def _carry_out(actor, req: StopRequest) -> None:
    source = REQUEST_SOURCE[req.action]
    if req.action == StopRequestAction.SUSPEND:
        recipient_suspend(actor=actor, recipient=req.recipient, reason=req.reason, source=source)
    elif req.action == StopRequestAction.RESUME:
        recipient_resume(actor=actor, recipient=req.recipient, reason=req.reason, source=source)
    elif req.kind == StopReason.DEATH:
        recipient_stop_for_death(actor=actor, recipient=req.recipient, death_date=req.date, reason=req.reason,
                                 source=source)
    else:
        recipient_stop_for_double_receipt(actor=actor, recipient=req.recipient, other_pension_start=req.date,
                                          reason=req.reason, source=source)


@transaction.atomic
def stop_request_confirm(*, actor, stop_request: StopRequest) -> StopRequest:
    """A second person confirms: the change is made (a stop's overpayment and settlement as for any stop; a
    resumption's months are paid as arrears by the next payroll)."""
    req = _for_check(actor, stop_request)
    before = snapshot(req, FIELDS)
    req.status, req.checker, req.checked_at = StopRequestStatus.CONFIRMED, actor, timezone.now()
    req.save(update_fields=["status", "checker", "checked_at"])
    _log(actor, "confirm", req, before, reason=req.reason)
    _carry_out(actor, req)
    return req


@transaction.atomic
def stop_request_reject(*, actor, stop_request: StopRequest, reason: str) -> StopRequest:
    req = _for_check(actor, stop_request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the stop is rejected.")})
    before = snapshot(req, FIELDS)
    req.status, req.checker, req.checked_at = StopRequestStatus.REJECTED, actor, timezone.now()
    req.reject_reason = reason[:200]
    req.save(update_fields=["status", "checker", "checked_at", "reject_reason"])
    _log(actor, "reject", req, before, reason=reason)
    return req
