"""Key-data change requests: evidence upload, the township's first check, the county's second check, the leader's
sign-off (three different people, none the requester), then applied through enrollment's service."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment import selectors as enrollment_selectors
from enrollment import services as enrollment_services
from pension import idnumber
from pension.errors import Conflict
from pension.models import Post
from pension.oplog import log_operation, snapshot
from pension.permissions import REGISTRARS, has_post
from pension.scope import area_in_scope
from pension.uploads import store_on_commit

from ..models import KeyDataChangeRequest, KeyDataStatus
from .common import checked_upload, clean_text

LOG_FIELDS = ["status", "township_checked_by", "county_checked_by", "leader_signed_by", "rejected_by",
              "reject_reason"]


def _masked(changes: dict) -> dict:
    return {k: (idnumber.mask(v) if k == "id_number" else str(v)) for k, v in changes.items()}


def _log(actor, req, action, before, reason=""):
    after = snapshot(req, LOG_FIELDS)
    after["changes"] = _masked(req.changes)
    log_operation(actor=actor, action=f"key_data_request.{action}", obj=req, before=before, after=after,
                  reason=reason, area=req.township)


def _locked(req) -> KeyDataChangeRequest:
    return KeyDataChangeRequest.objects.select_for_update().select_related("resident").get(pk=req.pk)


def _expect(req, status):
    if req.status != status:
        raise Conflict({"status": _("This request is not at that step (it is: %(s)s).")
                        % {"s": req.get_status_display()}})


@transaction.atomic
def keydata_request(*, actor, resident_id: int, changes: dict, reason: str, evidence) -> KeyDataChangeRequest:
    if not has_post(actor, REGISTRARS):
        raise PermissionDenied(_("Township clerks and county business officers request key-data changes."))
    resident = enrollment_selectors.resident_get(user=actor, pk=resident_id)  # 404 out of scope
    changes = {k: v for k, v in (changes or {}).items() if v not in (None, "")}
    clean = enrollment_services.key_data_clean(resident=resident, changes=changes)
    reason = clean_text("reason", reason)
    checked = checked_upload("evidence", evidence)
    current = enrollment_selectors.resident_key_data(resident_id=resident.pk)
    stored = {k: (v.isoformat()[:7] if k == "first_month" else v.isoformat() if hasattr(v, "isoformat") else v)
              for k, v in clean.items()}
    if all(str(current.get(k)) == str(v) for k, v in stored.items()):
        raise ValidationError({"changes": _("The new values are the same as the current ones.")})
    before = {k: current.get(k) for k in stored}
    if "id_number" in before:
        before["id_number"] = idnumber.mask(before["id_number"])
    req = KeyDataChangeRequest.objects.create(
        resident=resident, township_id=resident.township_id, changes=stored, before=before, reason=reason,
        evidence=store_on_commit(folder="audit/keydata", checked=checked, keep_name=True), requested_by=actor)
    _log(actor, req, "submit", None, reason=reason)
    return req


@transaction.atomic
def keydata_township_check(*, actor, request: KeyDataChangeRequest) -> KeyDataChangeRequest:
    req = _locked(request)
    if not has_post(actor, {Post.TOWNSHIP_CLERK}) or not area_in_scope(actor, req.township):
        raise PermissionDenied(_("The first check is made by the resident's township office."))
    _expect(req, KeyDataStatus.SUBMITTED)
    if actor.pk == req.requested_by_id:
        raise ValidationError({"township_checked_by": _("The requester cannot check their own request.")})
    before = snapshot(req, LOG_FIELDS)
    req.status, req.township_checked_by, req.township_checked_at = (
        KeyDataStatus.TOWNSHIP_CHECKED, actor, timezone.now())
    req.save()
    _log(actor, req, "township_check", before)
    return req


@transaction.atomic
def keydata_county_check(*, actor, request: KeyDataChangeRequest) -> KeyDataChangeRequest:
    if not has_post(actor, {Post.COUNTY_OFFICER}):
        raise PermissionDenied(_("The second check is made by a county business officer."))
    req = _locked(request)
    _expect(req, KeyDataStatus.TOWNSHIP_CHECKED)
    if actor.pk in (req.requested_by_id, req.township_checked_by_id):
        raise ValidationError({"county_checked_by": _("The second check must be made by a third person.")})
    before = snapshot(req, LOG_FIELDS)
    req.status, req.county_checked_by, req.county_checked_at = KeyDataStatus.COUNTY_CHECKED, actor, timezone.now()
    req.save()
    _log(actor, req, "county_check", before)
    return req


@transaction.atomic
def keydata_sign(*, actor, request: KeyDataChangeRequest) -> KeyDataChangeRequest:
    """The leader's sign-off applies the change through enrollment (before and after in its log row)."""
    if not has_post(actor, {Post.LEADER}):
        raise PermissionDenied(_("Only the leader signs off key-data changes."))
    req = _locked(request)
    _expect(req, KeyDataStatus.COUNTY_CHECKED)
    if actor.pk in (req.requested_by_id, req.township_checked_by_id, req.county_checked_by_id):
        raise ValidationError({"leader_signed_by": _("The sign-off must be made by a person who did not check.")})
    before = snapshot(req, LOG_FIELDS)
    approval = enrollment_services.KeyDataApproval(
        reference=f"audit.keydatachangerequest#{req.pk}", requested_by=req.requested_by,
        township_checker=req.township_checked_by, county_checker=req.county_checked_by, leader=actor)
    enrollment_services.resident_key_data_change(actor=actor, resident=req.resident, changes=req.changes,
                                                 approval=approval, reason=req.reason)
    req.status, req.leader_signed_by, req.leader_signed_at = KeyDataStatus.APPLIED, actor, timezone.now()
    req.applied_at = req.leader_signed_at
    req.save()
    _log(actor, req, "sign", before)
    return req


@transaction.atomic
def keydata_reject(*, actor, request: KeyDataChangeRequest, reason: str) -> KeyDataChangeRequest:
    """The person at the current step refuses the request, with a reason."""
    req = _locked(request)
    allowed = {
        KeyDataStatus.SUBMITTED: has_post(actor, {Post.TOWNSHIP_CLERK}) and area_in_scope(actor, req.township),
        KeyDataStatus.TOWNSHIP_CHECKED: has_post(actor, {Post.COUNTY_OFFICER}),
        KeyDataStatus.COUNTY_CHECKED: has_post(actor, {Post.LEADER}),
    }.get(req.status)
    if allowed is None:
        raise Conflict({"status": _("This request is already decided.")})
    if not allowed or actor.pk == req.requested_by_id:
        raise PermissionDenied(_("Only the person at the current step may reject the request."))
    reason = clean_text("reject_reason", reason)
    before = snapshot(req, LOG_FIELDS)
    req.status, req.rejected_by, req.reject_reason = KeyDataStatus.REJECTED, actor, reason
    req.save()
    _log(actor, req, "reject", before, reason=reason)
    return req
