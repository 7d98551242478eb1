"""The ONLY write that changes a resident's key data (name, ID number, birth date, first enrolment month).

It is called by the audit app when a key-data change request has been checked by the township, checked again by the
county and signed off by the leader (three different people, none of them the requester); the approval is handed in
as a KeyDataApproval and checked again here. Ordinary edits (resident_update), the forms, the API and the admin
refuse these fields."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension import idnumber
from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot

from .models import Resident

LOG_FIELDS = ["name", "id_number", "gender", "birth_date"]

KEY_DATA_FIELDS = ("name", "id_number", "birth_date", "first_month")


@dataclass(frozen=True)
class KeyDataApproval:
    reference: str  # e.g. "audit.keydatachangerequest#12"
    requested_by: object
    township_checker: object
    county_checker: object
    leader: object


def _check_approval(*, actor, approval: KeyDataApproval) -> None:
    if not isinstance(approval, KeyDataApproval) or not approval.reference:
        raise PermissionDenied(_("Key data changes only through an approved key-data change request."))
    people = [approval.requested_by, approval.township_checker, approval.county_checker, approval.leader]
    if any(getattr(p, "pk", None) is None for p in people):
        raise PermissionDenied(_("Key data changes only through an approved key-data change request."))
    if len({p.pk for p in people}) != 4:
        raise PermissionDenied(_("The requester, the two checkers and the leader must be four different people."))
    posts = (approval.township_checker.post, approval.county_checker.post, approval.leader.post)
    if posts != ("township_clerk", "county_officer", "leader") or getattr(actor, "pk", None) != approval.leader.pk:
        raise PermissionDenied(_("Key data changes only through an approved key-data change request."))


def key_data_clean(*, resident: Resident, changes: dict) -> dict:
    """Validate requested key data and return it normalised ({field: value}, first_month as a date)."""
    unknown = [f for f in changes if f not in KEY_DATA_FIELDS]
    if unknown:
        raise ValidationError({f: _("This is not a key-data field.") for f in unknown})
    if not changes:
        raise ValidationError({"changes": _("Enter at least one new value.")})
    clean, errors = {}, {}
    if "name" in changes:
        name = re.sub(r"\s+", "", str(changes["name"] or ""))
        if not name or len(name) > 50:
            errors["name"] = _("Enter the resident's name as on the ID card.")
        clean["name"] = name
    number = resident.id_number
    if "id_number" in changes:
        try:
            info = idnumber.parse(str(changes["id_number"] or ""))
            clean["id_number"] = number = info.number
            if Resident.objects.filter(id_number=number).exclude(pk=resident.pk).exists():
                errors["id_number"] = _("A resident with this ID number is already registered.")
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    if "birth_date" in changes:
        try:
            value = changes["birth_date"]
            clean["birth_date"] = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            errors["birth_date"] = _("Enter a real date as YYYY-MM-DD.")
    if "first_month" in changes:
        try:
            value = changes["first_month"]
            month = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(f"{value}-01"[:10])
            clean["first_month"] = month.replace(day=1)
            if clean["first_month"] > timezone.localdate():
                errors["first_month"] = _("The first enrolment month cannot be in the future.")
        except (TypeError, ValueError):
            errors["first_month"] = _("Enter the first enrolment month as YYYY-MM.")
    if errors:
        raise ValidationError(errors)
    if "id_number" in clean or "birth_date" in clean:
        birth = idnumber.parse(number).birth_date
        if clean.get("birth_date", birth) != birth:
            raise ValidationError({"birth_date": _("The birth date must be the one in the ID number.")})
        clean["birth_date"] = birth
    return clean


@transaction.atomic
def resident_key_data_change(*, actor, resident: Resident, changes: dict, approval: KeyDataApproval,
                             reason: str = "") -> Resident:
    """Apply approved key data, with before and after in the operation log."""
    _check_approval(actor=actor, approval=approval)
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    clean = key_data_clean(resident=resident, changes=changes)
    enrollment = resident.enrollments.order_by("-enrolled_on", "-id").first()
    if "first_month" in clean and enrollment is None:
        raise ValidationError({"first_month": _("This resident has never been enrolled.")})
    before = snapshot(resident, LOG_FIELDS)
    if enrollment is not None:
        before["first_month"] = enrollment.first_month.isoformat()
    for field in ("name", "id_number", "birth_date"):
        if field in clean:
            setattr(resident, field, clean[field])
    if "id_number" in clean:
        resident.gender = idnumber.parse(clean["id_number"]).gender
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        if violated_constraint(exc) != "resident_id_number_unique":
            raise
        raise Conflict({"id_number": _("A resident with this ID number is already registered.")})
    after = snapshot(resident, LOG_FIELDS)
    if enrollment is not None:
        if "first_month" in clean:
            enrollment.first_month = clean["first_month"]
            enrollment.save(update_fields=["first_month"])
        after["first_month"] = enrollment.first_month.isoformat()
    log_operation(actor=actor, action="resident.key_data_change", obj=resident, before=before, after=after,
                  reason=f"{approval.reference} {reason}".strip(), area=resident.village)
    return resident
