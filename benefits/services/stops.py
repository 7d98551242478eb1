"""Manual stops take two people (DESIGN: every change of a person's standing). A township clerk or county officer
asks for a stop (death, double receipt) with the date and the reason; a county officer other than the one who
asked confirms it, and only then is the pension stopped (`recipient_stop_for_death` / `_for_double_receipt`, with
the confirmer as the one who stopped it), or rejects it with a reason.

Until the confirmation the pension is paid as before: a wrong stop takes a living person's only income, while
months paid after a confirmed death or double receipt become an overpayment when it is confirmed (counted from
the date given, not from the day of the confirmation). A death confirmed in enrolment (already checked by two
people) stops the pension at once and closes any request still open as superseded.

    proposed ──confirm (another county officer)──▶ confirmed   (pension stopped)
    proposed ──reject (another county officer, reason)──▶ rejected
    proposed ──the pension stopped another way──▶ superseded
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, require_post

from ..models import Recipient, RecipientStatus, StopReason, StopRequest, StopRequestStatus
from .recipients import (
    STOP_REQUEST,
    check_actor,
    lock,
    recipient_stop_for_death,
    recipient_stop_for_double_receipt,
)

FIELDS = ["recipient", "kind", "date", "reason", "status", "requested_by", "checker", "reject_reason"]


def _log(actor, action, req: StopRequest, before=None, reason=""):
    log_operation(actor=actor, action=action, obj=req, before=before, after=snapshot(req, FIELDS), reason=reason,
                  area=req.recipient.village)


@transaction.atomic
def stop_request_propose(*, actor, recipient: Recipient, kind: str, date: datetime.date,
                         reason: str) -> StopRequest:
    """Ask for a stop. The pension is paid until a second person confirms; one open request per recipient."""
    require_post(actor, REGISTRARS, _("Only a township clerk or a county business officer asks for a stop."))
    recipient = lock(recipient)
    check_actor(actor, recipient, STOP_REQUEST)
    if kind not in StopReason.values:
        raise ValidationError({"kind": _("Choose death or double receipt.")})
    if not isinstance(date, datetime.date) or date > timezone.localdate():
        raise ValidationError({"date": _("Give the date of death or the day the other pension began (not in the "
                                         "future).")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if recipient.status == RecipientStatus.STOPPED:
        raise Conflict({"status": _("This pension has already been stopped.")})
    if StopRequest.objects.filter(recipient=recipient, status=StopRequestStatus.PROPOSED).exists():
        raise Conflict({"recipient": _("A stop request for this recipient is already waiting for confirmation.")})
    try:
        with transaction.atomic():
            req = StopRequest.objects.create(recipient=recipient, kind=kind, date=date, reason=reason[:500],
                                             requested_by=actor)
    except IntegrityError as exc:  # asked meanwhile by someone else
        if violated_constraint(exc) == "stop_request_one_open_per_recipient":
            raise Conflict({"recipient": _("A stop request for this recipient is already waiting for "
                                           "confirmation.")}) from exc
        raise
    _log(actor, "stop_request.propose", req, reason=reason)
    return req


def _for_check(actor, stop_request: StopRequest) -> StopRequest:
    require_post(actor, COUNTY_BUSINESS, _("Only a county business officer confirms a stop."))
    req = StopRequest.objects.select_for_update().select_related("recipient__village").get(pk=stop_request.pk)
    check_actor(actor, req.recipient, STOP_REQUEST)
    if req.requested_by_id == actor.pk:
        raise ValidationError({"checker": _("You asked for this stop; someone else must confirm it.")})
    if req.status != StopRequestStatus.PROPOSED:
        raise Conflict({"status": _("This stop request is not waiting for confirmation.")})
    return req


@transaction.atomic
def stop_request_confirm(*, actor, stop_request: StopRequest) -> StopRequest:
    """A second person confirms: the pension stops (overpayment and settlement as for any stop)."""
    req = _for_check(actor, stop_request)
    before = snapshot(req, FIELDS)
    req.status, req.checker, req.checked_at = StopRequestStatus.CONFIRMED, actor, timezone.now()
    req.save(update_fields=["status", "checker", "checked_at"])
    _log(actor, "stop_request.confirm", req, before, reason=req.reason)
    if req.kind == StopReason.DEATH:
        recipient_stop_for_death(actor=actor, recipient=req.recipient, death_date=req.date, reason=req.reason,
                                 source=STOP_REQUEST)
    else:
        recipient_stop_for_double_receipt(actor=actor, recipient=req.recipient, other_pension_start=req.date,
                                          reason=req.reason, source=STOP_REQUEST)
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
    _log(actor, "stop_request.reject", req, before, reason=reason)
    return req
