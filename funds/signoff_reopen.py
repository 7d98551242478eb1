"""Reopening a signed-off day takes two people (DESIGN.md: "every change of money … takes two people"). A county
finance officer asks, with the reason (`day_reopen_request`); a county officer (finance or business) other than
the requester confirms (`day_reopen_confirm`), which stamps `reopened_at` / `reopened_by` on the sign-off: it stays,
with its history, but no longer locks the day, and the day can be signed off again later. A confirmer may reject
the request with a note (`day_reopen_reject`); the requester may withdraw it (`day_reopen_withdraw`). Every step is
logged in its transaction; the database refuses a decider who is the requester and a second open request."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import has_post, require_post

from .models import DayReopenRequest, DaySignOff, ReopenStatus
from .permissions import DAY_REOPEN_CONFIRMERS, DAY_SIGNERS

REQUEST_FIELDS = ["signoff", "reason", "status", "requested_by", "decided_by", "decided_at", "decision_note",
                  "withdrawn_at"]
SIGNOFF_FIELDS = ["township", "date", "collected", "deposited", "signed_by", "signed_at", "reopened_at",
                  "reopened_by"]
MAX_REASON = 200


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _waiting() -> str:
    return _("A request to reopen this day is already awaiting confirmation.")


@transaction.atomic
def day_reopen_request(*, actor, signoff: DaySignOff, reason: str) -> DayReopenRequest:
    """County finance asks to reopen a signed-off day. Nothing changes until a second county officer confirms."""
    require_post(actor, DAY_SIGNERS, _("Only county finance asks to reopen a signed-off day."))
    signoff = DaySignOff.objects.select_for_update().select_related("township").get(pk=signoff.pk)
    if signoff.reopened_at is not None:
        raise Conflict({"date": _("This sign-off is already reopened.")})
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening this day.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("The reason is at most 200 characters.")})
    if DayReopenRequest.objects.filter(signoff=signoff, status=ReopenStatus.REQUESTED).exists():
        raise Conflict({"date": _waiting()})
    request = DayReopenRequest(signoff=signoff, reason=reason, requested_by=actor)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        if violated_constraint(exc) != "one_open_day_reopen_request":
            raise
        raise Conflict({"date": _waiting()})
    log_operation(actor=actor, action="reconciliation.reopen_request", obj=request,
                  after=snapshot(request, REQUEST_FIELDS), reason=reason, area=signoff.township)
    return request


def _lock(request: DayReopenRequest) -> DayReopenRequest:
    return (DayReopenRequest.objects.select_for_update().select_related("signoff", "signoff__township")
            .get(pk=request.pk))


def _require_open(request: DayReopenRequest) -> None:
    if request.status != ReopenStatus.REQUESTED:
        raise Conflict({"status": _("This request to reopen the day is already %(status)s.")
                        % {"status": request.get_status_display()}})


def _require_decider(actor, request: DayReopenRequest) -> None:
    if not has_post(actor, DAY_REOPEN_CONFIRMERS):
        raise PermissionDenied(_("Only a county officer confirms or rejects reopening a signed-off day."))
    if request.requested_by_id == actor.pk:
        raise ValidationError({"decided_by": _("You asked to reopen this day; another county officer must confirm "
                                               "or reject it.")})


def _decide(actor, request: DayReopenRequest, status: str, action: str, note: str = "") -> DayReopenRequest:
    before = snapshot(request, REQUEST_FIELDS)
    request.status, request.decided_by, request.decided_at = status, actor, timezone.now()
    request.decision_note = note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    log_operation(actor=actor, action=action, obj=request, before=before, after=snapshot(request, REQUEST_FIELDS),
                  reason=note or request.reason, area=request.signoff.township)
    return request


@transaction.atomic
def day_reopen_confirm(*, actor, request: DayReopenRequest) -> DayReopenRequest:
    """A second county officer confirms: the sign-off is marked reopened (kept, with who and when) and the day
    is open again for entries, deposits and cancellations, until it is signed off anew."""
    request = _lock(request)
    _require_decider(actor, request)
    _require_open(request)
    signoff = DaySignOff.objects.select_for_update().get(pk=request.signoff_id)
    if signoff.reopened_at is not None:
        raise Conflict({"date": _("This sign-off is already reopened.")})
    _decide(actor, request, ReopenStatus.CONFIRMED, "reconciliation.reopen_confirm")
    before = snapshot(signoff, SIGNOFF_FIELDS)
    signoff.reopened_at, signoff.reopened_by = request.decided_at, actor
    signoff.save(update_fields=["reopened_at", "reopened_by"])
    log_operation(actor=actor, action="reconciliation.reopen", obj=signoff, before=before,
                  after=snapshot(signoff, SIGNOFF_FIELDS), reason=request.reason, area=request.signoff.township)
    request.signoff = signoff
    return request


@transaction.atomic
def day_reopen_reject(*, actor, request: DayReopenRequest, note: str) -> DayReopenRequest:
    """A second county officer turns the request down with a note; the day stays signed off."""
    request = _lock(request)
    _require_decider(actor, request)
    _require_open(request)
    note = _text(note)
    if not note:
        raise ValidationError({"decision_note": _("Say why reopening the day is rejected.")})
    if len(note) > 500:
        raise ValidationError({"decision_note": _("The note is at most 500 characters.")})
    return _decide(actor, request, ReopenStatus.REJECTED, "reconciliation.reopen_reject", note)


@transaction.atomic
def day_reopen_withdraw(*, actor, request: DayReopenRequest) -> DayReopenRequest:
    """The requester takes the request back before it is decided; the day stays signed off."""
    request = _lock(request)
    if request.requested_by_id != getattr(actor, "pk", None) or not has_post(actor, DAY_SIGNERS):
        raise PermissionDenied(_("Only the person who asked to reopen the day may withdraw the request."))
    _require_open(request)
    before = snapshot(request, REQUEST_FIELDS)
    request.status, request.withdrawn_at = ReopenStatus.WITHDRAWN, timezone.now()
    request.save(update_fields=["status", "withdrawn_at"])
    log_operation(actor=actor, action="reconciliation.reopen_withdraw", obj=request, before=before,
                  after=snapshot(request, REQUEST_FIELDS), area=request.signoff.township)
    return request
