"""Two-person termination of enrolment (issue 11 item 2).

A township clerk or county officer asks for it (`termination_request`: reason, date and evidence, no defaults);
the evidence is a document number and a file (a scan or photo: JPEG, PNG or PDF, recognised by content through
`pension.uploads`, written under MEDIA_ROOT/enrollment/ only when the request commits). The file is required for a
death (the confirmation stops the pension, so the county officer must see the certificate) and optional for a
transfer out or a move to the employee scheme (their papers often come later, by letter).
nothing changes until a county business officer other than the requester confirms it (`termination_confirm`),
which is the moment the enrolment ends, a death date is recorded and `enrollment.signals.termination_confirmed`
is sent inside the same transaction (benefits stops the pension, collection cancels pending entries). Before
that the requester may withdraw it (`termination_withdraw`) and a second officer may reject it with a reason
(`termination_reject`). Every reason goes the same way; the database refuses a checker who is the requester.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, has_post, require_post
from pension.scope import area_in_scope
from pension.uploads import DEFAULT_MAX_BYTES, IMAGES_AND_PDF, Checked, media_path, read_checked, store_on_commit

from .models import (
    Enrollment,
    EpisodeStatus,
    ResidentStanding,
    TerminationReason,
    TerminationRequest,
    TerminationStatus,
)
from .signals import termination_confirmed

REQUEST_FIELDS = ["status", "reason", "terminated_on", "evidence", "evidence_file_type", "evidence_file_size",
                  "evidence_file_sha256", "checked_by", "checked_at", "decision_note", "withdrawn_at"]
EVIDENCE_FOLDER = "enrollment/terminations"


def evidence_max_bytes() -> int:
    return int(getattr(settings, "TERMINATION_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def evidence_file_path(req: TerminationRequest):
    """Where a request's evidence file is under MEDIA_ROOT (for the scoped download view)."""
    return media_path(req.evidence_file)


def _check_file(upload, reason: str) -> Checked | None:
    if upload is None:
        if reason == TerminationReason.DEATH:
            raise ValidationError({"evidence_file": _(
                "A death needs the evidence file: attach a scan or photo of the death certificate (JPEG, PNG or "
                "PDF).")})
        return None
    return read_checked(upload, field="evidence_file", allowed=IMAGES_AND_PDF, max_bytes=evidence_max_bytes(),
                        refusal=_("The evidence file must be a photo (JPEG, PNG) or a PDF file; this file is "
                                  "neither, whatever its name says."))


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _require_open(req: TerminationRequest) -> None:
    if req.status != TerminationStatus.REQUESTED:
        raise Conflict({"status": _("This termination request is already %(status)s.")
                        % {"status": req.get_status_display()}})


def _require_checker(actor, req: TerminationRequest) -> None:
    if not has_post(actor, COUNTY_BUSINESS):
        raise PermissionDenied(_("Only a county business officer confirms or rejects a termination."))
    if req.requested_by_id == actor.pk:
        raise ValidationError({"checked_by": _("You asked for this termination; another county officer must "
                                               "confirm or reject it.")})


@transaction.atomic
def termination_request(
    *,
    actor,
    enrollment: Enrollment,
    reason: str,
    terminated_on: datetime.date | None,
    evidence: str,
    evidence_file=None,
    note: str = "",
) -> TerminationRequest:
    """Ask for an enrolment to end. Nothing changes until a second officer confirms."""
    require_post(actor, REGISTRARS, _("Only township clerks and county business officers ask for a termination."))
    enrollment = Enrollment.objects.select_for_update().select_related("resident", "resident__village").get(
        pk=enrollment.pk)
    resident = enrollment.resident
    if not area_in_scope(actor, resident.village):
        raise PermissionDenied
    errors = {}
    if reason not in TerminationReason.values:
        errors["reason"] = _("Choose a termination reason: death, transfer out, or moved to the employee scheme.")
    if terminated_on is None:
        errors["terminated_on"] = _("Enter the termination date (for a death, the date of death).")
    elif terminated_on > timezone.localdate():
        errors["terminated_on"] = _("The termination date cannot be in the future.")
    elif terminated_on < enrollment.enrolled_on:
        errors["terminated_on"] = _("The termination date is before the enrolment date.")
    evidence = _text(evidence)
    if not evidence:
        errors["evidence"] = _("Enter the evidence: the document and its number (e.g. death certificate No.).")
    elif len(evidence) > 200:
        errors["evidence"] = _("The evidence is at most 200 characters.")
    checked = None
    try:
        checked = _check_file(evidence_file, reason)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if enrollment.status == EpisodeStatus.TERMINATED:
        raise Conflict({"enrollment": _("This enrolment is already terminated.")})
    if TerminationRequest.objects.filter(enrollment=enrollment, status=TerminationStatus.REQUESTED).exists():
        raise Conflict({"enrollment": _("A termination of this enrolment is already awaiting confirmation.")})
    req = TerminationRequest(enrollment=enrollment, resident=resident, reason=reason, terminated_on=terminated_on,
                             evidence=evidence, note=(note or "").strip(), requested_by=actor)
    if checked is not None:
        # written when the caller's transaction commits: a request refused below or rolled back leaves no file
        req.evidence_file = store_on_commit(folder=EVIDENCE_FOLDER, checked=checked)
        req.evidence_file_type, req.evidence_file_size = checked.content_type, checked.size
        req.evidence_file_sha256, req.evidence_file_name = checked.sha256, checked.name
    try:
        with transaction.atomic():
            req.save()
    except IntegrityError as exc:
        if violated_constraint(exc) != "one_open_termination_request":
            raise
        raise Conflict({"enrollment": _("A termination of this enrolment is already awaiting confirmation.")})
    log_operation(actor=actor, action="termination.request", obj=req, after=snapshot(req, REQUEST_FIELDS),
                  reason=evidence, area=resident.village)
    return req


def _lock(req: TerminationRequest) -> TerminationRequest:
    return TerminationRequest.objects.select_for_update().select_related(
        "enrollment", "resident", "resident__village").get(pk=req.pk)


@transaction.atomic
def termination_confirm(*, actor, request: TerminationRequest) -> TerminationRequest:
    """A second (county) officer confirms: the enrolment ends now, a death date is recorded for a death, and
    `termination_confirmed` is sent inside this transaction so that pensions and pending entries stop with it."""
    req = _lock(request)
    _require_checker(actor, req)
    _require_open(req)
    enrollment = Enrollment.objects.select_for_update().get(pk=req.enrollment_id)
    if enrollment.status == EpisodeStatus.TERMINATED:
        raise Conflict({"enrollment": _("This enrolment is already terminated.")})
    resident = req.resident
    before_request = snapshot(req, REQUEST_FIELDS)
    req.status, req.checked_by, req.checked_at = TerminationStatus.CONFIRMED, actor, timezone.now()
    req.save(update_fields=["status", "checked_by", "checked_at"])
    log_operation(actor=actor, action="termination.confirm", obj=req, before=before_request,
                  after=snapshot(req, REQUEST_FIELDS), reason=req.evidence, area=resident.village)

    before = snapshot(enrollment)
    enrollment.status = EpisodeStatus.TERMINATED
    enrollment.terminated_on = req.terminated_on
    enrollment.termination_reason = req.reason
    enrollment.termination_note = req.evidence + (f"; {req.note}" if req.note else "")
    enrollment.save()
    resident.enrolment_status = ResidentStanding.TERMINATED
    fields = ["enrolment_status"]
    if req.reason == TerminationReason.DEATH:
        resident.death_date = req.terminated_on
        fields.append("death_date")
    resident.save(update_fields=fields)
    log_operation(actor=actor, action="enrollment.terminate", obj=enrollment, before=before,
                  after=snapshot(enrollment), reason=req.evidence, area=resident.village)
    termination_confirmed.send(sender=TerminationRequest, actor=actor, resident=resident, reason=req.reason,
                               date=req.terminated_on, note=req.evidence, request=req)
    return req


@transaction.atomic
def termination_reject(*, actor, request: TerminationRequest, reason: str) -> TerminationRequest:
    """A second (county) officer sends the request back with a reason; nothing changes."""
    req = _lock(request)
    _require_checker(actor, req)
    _require_open(req)
    reason = _text(reason)
    if not reason:
        raise ValidationError({"decision_note": _("Say why the termination is rejected.")})
    before = snapshot(req, REQUEST_FIELDS)
    req.status, req.checked_by, req.checked_at = TerminationStatus.REJECTED, actor, timezone.now()
    req.decision_note = reason
    req.save(update_fields=["status", "checked_by", "checked_at", "decision_note"])
    log_operation(actor=actor, action="termination.reject", obj=req, before=before,
                  after=snapshot(req, REQUEST_FIELDS), reason=reason, area=req.resident.village)
    return req


@transaction.atomic
def termination_withdraw(*, actor, request: TerminationRequest) -> TerminationRequest:
    """The requester takes back a request entered by mistake, before it is confirmed; nothing changes."""
    req = _lock(request)
    if req.requested_by_id != getattr(actor, "pk", None) or not has_post(actor, REGISTRARS):
        raise PermissionDenied(_("Only the person who asked for a termination may withdraw it."))
    _require_open(req)
    before = snapshot(req, REQUEST_FIELDS)
    req.status, req.withdrawn_at = TerminationStatus.WITHDRAWN, timezone.now()
    req.save(update_fields=["status", "withdrawn_at"])
    log_operation(actor=actor, action="termination.withdraw", obj=req, before=before,
                  after=snapshot(req, REQUEST_FIELDS), area=req.resident.village)
    return req
