"""Another state pension (企业职工养老保险, 机关事业): nobody draws both.

    reported ──confirm (a county officer, not the reporter)──▶ confirmed   (this pension stops: double receipt)
    reported ──reject (a county officer, not the reporter)───▶ rejected    (held months are paid as arrears)

While a report waits, the resident gets no award (proposal and approval refuse) and no payroll line (the payroll
holds them: their paid_through does not move, so a rejection lets the next payroll pay the held months).
Confirming stops a recipient through `recipient_stop_for_double_receipt`: the pension ends from the month the
other began, the balance less the government subsidies is refunded, the basic pension paid since is an
overpayment.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment import selectors as enrollment_selectors
from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, require_post
from pension.scope import area_in_scope

from ..models import (
    LIVE_OTHER_PENSION,
    OtherPension,
    OtherPensionKind,
    OtherPensionStatus,
    Recipient,
    RecipientStatus,
)
from .recipients import recipient_stop_for_double_receipt

FIELDS = ["resident", "kind", "started_on", "source", "status", "recorded_by", "checker", "reject_reason"]
SOURCE = "benefits.other_pension"


def other_pension_on_file(*, resident_id: int) -> bool:
    """Whether another state pension is reported or confirmed for the resident."""
    return OtherPension.objects.filter(resident_id=resident_id, status__in=LIVE_OTHER_PENSION).exists()


@transaction.atomic
def other_pension_report(*, actor, resident_id: int, kind: str, started_on: datetime.date,
                         note: str = "") -> OtherPension:
    """A township clerk or county officer reports that a resident of their area draws another state pension."""
    require_post(actor, REGISTRARS, _("Only a township clerk or a county business officer reports another "
                                      "pension."))
    resident = enrollment_selectors.resident_lock_for_update(user=actor, pk=resident_id)
    if resident is None:
        raise Http404
    if kind not in OtherPensionKind.values:
        raise ValidationError({"kind": _("Choose the kind of the other pension.")})
    if not isinstance(started_on, datetime.date) or started_on > timezone.localdate():
        raise ValidationError({"started_on": _("Give the date the other pension began (not in the future).")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say where the other pension was found (document, list, number).")})
    if other_pension_on_file(resident_id=resident.pk):
        raise Conflict({"resident": _("Another pension is already on file for this resident.")})
    try:
        with transaction.atomic():
            row = OtherPension.objects.create(
                resident=resident, township_id=resident.township_id, village_id=resident.village_id, kind=kind,
                started_on=started_on, source="manual", note=note[:2000], recorded_by=actor)
    except IntegrityError as exc:
        if violated_constraint(exc) != "one_live_other_pension_per_resident":
            raise
        raise Conflict({"resident": _("Another pension is already on file for this resident.")})
    log_operation(actor=actor, action="other_pension.report", obj=row, after=snapshot(row, FIELDS), reason=note,
                  area=resident.village)
    return row


def _locked_for_check(actor, row: OtherPension) -> OtherPension:
    require_post(actor, COUNTY_BUSINESS, _("Only a county business officer checks a reported other pension."))
    row = OtherPension.objects.select_for_update().select_related("village").get(pk=row.pk)
    if not area_in_scope(actor, row.village):
        raise Http404
    if row.recorded_by_id == actor.pk:
        raise ValidationError({"checker": _("You reported this other pension; someone else must check it.")})
    if row.status != OtherPensionStatus.REPORTED:
        raise Conflict({"status": _("This report is not waiting for a check.")})
    return row


@transaction.atomic
def other_pension_confirm(*, actor, other_pension: OtherPension) -> OtherPension:
    """The county confirms: if the resident receives this pension it stops for double receipt at once."""
    row = _locked_for_check(actor, other_pension)
    before = snapshot(row, FIELDS)
    row.status, row.checker, row.checked_at = OtherPensionStatus.CONFIRMED, actor, timezone.now()
    row.save(update_fields=["status", "checker", "checked_at"])
    log_operation(actor=actor, action="other_pension.confirm", obj=row, before=before, after=snapshot(row, FIELDS),
                  area=row.village)
    recipient = Recipient.objects.filter(resident_id=row.resident_id).exclude(
        status=RecipientStatus.STOPPED).first()
    if recipient is not None:
        recipient_stop_for_double_receipt(
            actor=actor, recipient=recipient, other_pension_start=row.started_on, source=SOURCE,
            reason=_("%(kind)s since %(date)s") % {"kind": row.get_kind_display(), "date": row.started_on})
    return row


@transaction.atomic
def other_pension_reject(*, actor, other_pension: OtherPension, reason: str) -> OtherPension:
    """The county finds no other pension: the report is closed and held payments resume with the next payroll."""
    row = _locked_for_check(actor, other_pension)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is rejected.")})
    before = snapshot(row, FIELDS)
    row.status, row.checker, row.checked_at = OtherPensionStatus.REJECTED, actor, timezone.now()
    row.reject_reason = reason
    row.save(update_fields=["status", "checker", "checked_at", "reject_reason"])
    log_operation(actor=actor, action="other_pension.reject", obj=row, before=before, after=snapshot(row, FIELDS),
                  reason=reason, area=row.village)
    return row
