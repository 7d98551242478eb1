"""Two-person change of a resident's hardship category (困难类别, 代缴; issue 10 item 6).

The category decides how much of the lowest grade the government pays, so it is government money (DESIGN.md:
"every change of money or of a person's standing … takes two people"). A township clerk or county officer asks
(`hardship_change_request`: the new category, a reason and the evidence, no defaults); a county business officer
other than the requester confirms it (`hardship_change_confirm`), which is the moment the resident's category
changes, logged with before and after in the same transaction. Until then the resident pays as before:
collection prices an entry with the category on record. A second officer may reject it with a note
(`hardship_change_reject`); the requester may withdraw it (`hardship_change_withdraw`). The database refuses a
decider who is the requester and a second open request for the same resident.

The same request is made at registration for a category declared there (`request_at_registration`) and by the
civil-affairs / disability-federation list import (enrollment/hardship_import.py), whose uploader is the
requester, so another officer confirms."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, has_post, require_post
from pension.scope import area_in_scope

from .models import Hardship, HardshipChange, HardshipChangeStatus, HardshipSource, Resident

LOG_FIELDS = ["resident", "from_category", "to_category", "reason", "evidence", "source", "source_import",
              "status", "decided_by", "decided_at", "decision_note", "withdrawn_at"]
MAX_TEXT = 200


def _text(value) -> str:
    return " ".join(str(value or "").split())


def clean_request(*, to_category: str, reason: str, evidence: str, on_record: str | None = None,
                  fields: tuple[str, str, str] = ("to_category", "reason", "evidence")) -> dict:
    """The request's fields, cleaned, or a ValidationError naming each bad one (`fields`: the names the errors
    go under, e.g. the registration form's hardship, hardship_reason, hardship_evidence)."""
    category_field, reason_field, evidence_field = fields
    reason, evidence, errors = _text(reason), _text(evidence), {}
    if to_category not in Hardship.values:
        errors[category_field] = _("Unknown hardship category.")
    elif on_record is not None and to_category == on_record:
        errors[category_field] = _("The resident is already in this hardship category; nothing to change.")
    if not reason:
        errors[reason_field] = _("Enter the reason for the change (e.g. newly granted dibao).")
    elif len(reason) > MAX_TEXT:
        errors[reason_field] = _("The reason is at most 200 characters.")
    if not evidence:
        errors[evidence_field] = _("Enter the evidence: the document and its number (e.g. dibao certificate No.).")
    elif len(evidence) > MAX_TEXT:
        errors[evidence_field] = _("The evidence is at most 200 characters.")
    if errors:
        raise ValidationError(errors)
    return {"to_category": to_category, "reason": reason, "evidence": evidence}


def _waiting_message() -> str:
    return _("A hardship category change for this resident is already awaiting confirmation.")


def create_request(*, actor, resident: Resident, to_category: str, reason: str, evidence: str,
                   source: str = HardshipSource.CLERK, source_import=None) -> HardshipChange:
    """Write one request and its log row, in the caller's transaction (the caller has checked post, scope and
    fields, and holds the resident's row lock)."""
    if HardshipChange.objects.filter(resident=resident, status=HardshipChangeStatus.REQUESTED).exists():
        raise Conflict({"resident": _waiting_message()})
    change = HardshipChange(resident=resident, from_category=resident.hardship, to_category=to_category,
                            reason=reason, evidence=evidence, source=source, source_import=source_import,
                            requested_by=actor)
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:
        raise Conflict({"resident": _waiting_message()})
    log_operation(actor=actor, action="hardship_change.request", obj=change, after=snapshot(change, LOG_FIELDS),
                  reason=f"{reason}; {evidence}", area=resident.village)
    return change


@transaction.atomic
def hardship_change_request(*, actor, resident: Resident, to_category: str, reason: str,
                            evidence: str) -> HardshipChange:
    """Ask for a resident's hardship category to change. Nothing changes until a second officer confirms."""
    require_post(actor, REGISTRARS, _("Only township clerks and county business officers ask for a hardship "
                                      "category change."))
    resident = Resident.objects.select_for_update().select_related("village").get(pk=resident.pk)
    if not area_in_scope(actor, resident.village):
        raise PermissionDenied
    data = clean_request(to_category=to_category, reason=reason, evidence=evidence, on_record=resident.hardship)
    if resident.death_date:
        raise ValidationError({"resident": _("This resident is recorded as deceased; the category is not "
                                             "changed.")})
    return create_request(actor=actor, resident=resident, **data)


def request_at_registration(*, actor, resident: Resident, to_category: str, reason: str,
                            evidence: str) -> HardshipChange | None:
    """A category declared when a resident is registered: the resident is recorded without it and the change is
    asked for like any other (called by resident_register, inside its transaction)."""
    if to_category == Hardship.NONE:
        return None
    data = clean_request(to_category=to_category, reason=reason, evidence=evidence, on_record=resident.hardship,
                         fields=("hardship", "hardship_reason", "hardship_evidence"))
    return create_request(actor=actor, resident=resident, source=HardshipSource.REGISTRATION, **data)


def _lock(change: HardshipChange) -> HardshipChange:
    return HardshipChange.objects.select_for_update().select_related("resident", "resident__village").get(
        pk=change.pk)


def _require_open(change: HardshipChange) -> None:
    if change.status != HardshipChangeStatus.REQUESTED:
        raise Conflict({"status": _("This hardship category change is already %(status)s.")
                        % {"status": change.get_status_display()}})


def _require_decider(actor, change: HardshipChange) -> None:
    if not has_post(actor, COUNTY_BUSINESS):
        raise PermissionDenied(_("Only a county business officer confirms or rejects a hardship category change."))
    if change.requested_by_id == actor.pk:
        raise ValidationError({"decided_by": _("You asked for this change; another county officer must confirm or "
                                               "reject it.")})


@transaction.atomic
def hardship_change_confirm(*, actor, change: HardshipChange) -> HardshipChange:
    """A second (county) officer confirms: the resident's category changes now, logged before and after."""
    change = _lock(change)
    _require_decider(actor, change)
    _require_open(change)
    resident = Resident.objects.select_for_update().get(pk=change.resident_id)
    if resident.hardship != change.from_category:
        raise Conflict({"resident": _("The resident's category changed after this request was made; reject it "
                                      "and ask again.")})
    before = snapshot(change, LOG_FIELDS)
    change.status, change.decided_by, change.decided_at = HardshipChangeStatus.CONFIRMED, actor, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    log_operation(actor=actor, action="hardship_change.confirm", obj=change, before=before,
                  after=snapshot(change, LOG_FIELDS), reason=change.evidence, area=change.resident.village)
    resident.hardship = change.to_category
    resident.save(update_fields=["hardship"])
    log_operation(actor=actor, action="resident.hardship", obj=resident, before={"hardship": change.from_category},
                  after={"hardship": change.to_category}, reason=f"{change.reason}; {change.evidence}",
                  area=change.resident.village)
    return change


@transaction.atomic
def hardship_change_reject(*, actor, change: HardshipChange, note: str) -> HardshipChange:
    """A second (county) officer sends the request back with a note; nothing changes."""
    change = _lock(change)
    _require_decider(actor, change)
    _require_open(change)
    note = _text(note)
    if not note:
        raise ValidationError({"decision_note": _("Say why the change is rejected.")})
    before = snapshot(change, LOG_FIELDS)
    change.status, change.decided_by, change.decided_at = HardshipChangeStatus.REJECTED, actor, timezone.now()
    change.decision_note = note
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    log_operation(actor=actor, action="hardship_change.reject", obj=change, before=before,
                  after=snapshot(change, LOG_FIELDS), reason=note, area=change.resident.village)
    return change


@transaction.atomic
def hardship_change_withdraw(*, actor, change: HardshipChange) -> HardshipChange:
    """The requester takes back a request made by mistake, before it is decided; nothing changes."""
    change = _lock(change)
    if change.requested_by_id != getattr(actor, "pk", None) or not has_post(actor, REGISTRARS):
        raise PermissionDenied(_("Only the person who asked for a hardship category change may withdraw it."))
    _require_open(change)
    before = snapshot(change, LOG_FIELDS)
    change.status, change.withdrawn_at = HardshipChangeStatus.WITHDRAWN, timezone.now()
    change.save(update_fields=["status", "withdrawn_at"])
    log_operation(actor=actor, action="hardship_change.withdraw", obj=change, before=before,
                  after=snapshot(change, LOG_FIELDS), area=change.resident.village)
    return change
