"""The yearly adjustment (调待): when the basic pension changes from a month, every recipient's amount is
recomputed with the new row from that month; the difference for months already paid is paid as arrears by the
next payroll. It is listed per township and takes effect only when a county officer other than the one who listed
it approves that township's list."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, require_post

from ..models import (
    Adjustment,
    AdjustmentLine,
    AdjustmentLineStatus,
    AdjustmentStatus,
    BenefitParameter,
    Recipient,
    RecipientEvent,
    RecipientEventKind,
    RecipientStatus,
)
from ..months import add_months, month_of, months_between

ZERO = Decimal("0.00")
FIELDS = ["parameter", "township", "from_month", "status", "recipients", "arrears_total", "maker", "checker"]


def new_levels(recipient: Recipient, params: BenefitParameter) -> dict:
    extra_years = recipient.award.extra_years if recipient.award_id else None
    extra = params.extra_per_year * extra_years if extra_years is not None else recipient.extra
    return {"basic_national": params.basic_national, "basic_provincial": params.basic_provincial,
            "basic_county": params.basic_county, "extra": extra}


def _rows_by_township(parameter: BenefitParameter, township_id: int | None = None) -> dict[int, list]:
    """{township id: [(recipient, new basic pension, months already paid from the row's month)]} of every
    recipient still paid whose basic pension the row changes."""
    recipients = (Recipient.objects.exclude(status=RecipientStatus.STOPPED).select_related("award")
                  .order_by("township_id", "id"))
    if township_id is not None:
        recipients = recipients.filter(township_id=township_id)
    by_township: dict[int, list] = {}
    for r in recipients:
        new_basic = sum(new_levels(r, parameter).values(), ZERO)
        if new_basic == r.basic_amount:
            continue
        paid = months_between(max(parameter.valid_from, r.start_month), r.paid_through) if r.paid_through else 0
        by_township.setdefault(r.township_id, []).append((r, new_basic, paid))
    return by_township


def _is_stale(adjustment: Adjustment) -> bool:
    """Whether the list no longer matches what listing it now would give (a recipient awarded, stopped or paid
    another month since, an amount changed): the checker approves exactly what is in force, never an old list."""
    now = {r.pk: (r.basic_amount, new_basic, paid) for r, new_basic, paid in
           _rows_by_township(adjustment.parameter, adjustment.township_id).get(adjustment.township_id, [])}
    listed = {line.recipient_id: (line.old_basic, line.new_basic, line.months_paid)
              for line in adjustment.lines.filter(status=AdjustmentLineStatus.LISTED)}
    return now != listed


@transaction.atomic
def adjustment_prepare(*, actor, parameter: BenefitParameter) -> list[Adjustment]:
    """List, per township, every recipient still paid with the basic pension the row sets from its month, and
    the arrears for months already paid from then. A township's list still waiting is recomputed; an approved
    one is left alone."""
    require_post(actor, COUNTY_BUSINESS, _("Only a county business officer lists an adjustment."))
    by_township = _rows_by_township(parameter)
    out = []
    for township_id, rows in by_township.items():
        adj, _created = Adjustment.objects.select_for_update().get_or_create(
            parameter=parameter, township_id=township_id,
            defaults={"from_month": parameter.valid_from, "maker": actor})
        if adj.status == AdjustmentStatus.APPROVED:
            continue
        lines = [AdjustmentLine(adjustment=adj, recipient=r, old_basic=r.basic_amount, new_basic=new_basic,
                                months_paid=paid, arrears=(new_basic - r.basic_amount) * paid)
                 for r, new_basic, paid in rows]
        # A list still waiting is recomputed in place (one line per recipient); a line withdrawn earlier whose
        # recipient is back on the list is listed again.
        AdjustmentLine.objects.bulk_create(lines, batch_size=5000, update_conflicts=True,
                                           unique_fields=["adjustment", "recipient"],
                                           update_fields=["old_basic", "new_basic", "months_paid", "arrears",
                                                          "status", "withdrawn_at"])
        # A recipient no longer on the list (stopped, or amount already right) is withdrawn from the waiting
        # draft: the line stays, marked, and counts for nothing (nothing is deleted).
        AdjustmentLine.objects.filter(adjustment=adj, status=AdjustmentLineStatus.LISTED).exclude(
            recipient_id__in=[r.pk for r, _b, _p in rows]).update(status=AdjustmentLineStatus.WITHDRAWN,
                                                                  withdrawn_at=timezone.now())
        adj.recipients, adj.arrears_total = len(lines), sum((x.arrears for x in lines), ZERO)
        adj.maker = actor
        adj.save(update_fields=["recipients", "arrears_total", "maker"])
        log_operation(actor=actor, action="adjustment.prepare", obj=adj, after=snapshot(adj, FIELDS))
        out.append(adj)
    return out


@transaction.atomic
def adjustment_approve(*, actor, adjustment: Adjustment) -> Adjustment:
    """The township's adjustment takes effect: new amounts from its month, arrears into the next payroll."""
    require_post(actor, COUNTY_BUSINESS, _("Only a county business officer approves an adjustment."))
    adjustment = Adjustment.objects.select_for_update().select_related("parameter").get(pk=adjustment.pk)
    if adjustment.maker_id == actor.pk:
        raise ValidationError({"checker": _("You listed this adjustment; someone else must approve it.")})
    if adjustment.status != AdjustmentStatus.PROPOSED:
        raise Conflict({"status": _("This adjustment is not waiting for approval.")})
    if adjustment.from_month > add_months(month_of(timezone.localdate()), 1):
        raise ValidationError({"from_month": _("Approve an adjustment at the earliest the month before it starts.")})
    if _is_stale(adjustment):
        raise Conflict({"status": _("The list is out of date (recipients or months paid changed since it was "
                                    "listed); list the adjustment again, then approve it.")})
    before = snapshot(adjustment, FIELDS)
    params = adjustment.parameter
    for line in adjustment.lines.filter(status=AdjustmentLineStatus.LISTED).select_related(
            "recipient", "recipient__award").exclude(recipient__status=RecipientStatus.STOPPED):
        r = Recipient.objects.select_for_update().get(pk=line.recipient_id)
        for field, value in new_levels(line.recipient, params).items():
            setattr(r, field, value)
        r.basic_amount = r.basic_national + r.basic_provincial + r.basic_county + r.extra
        r.monthly_amount = r.basic_amount + r.account_amount
        r.save(update_fields=["basic_national", "basic_provincial", "basic_county", "extra", "basic_amount",
                              "monthly_amount"])
        RecipientEvent.objects.create(recipient=r, kind=RecipientEventKind.ADJUST, month=adjustment.from_month,
                                      date=timezone.localdate(), reason=_("Yearly adjustment"), source="adjustment",
                                      actor=actor)
    adjustment.status, adjustment.checker, adjustment.checked_at = AdjustmentStatus.APPROVED, actor, timezone.now()
    adjustment.save(update_fields=["status", "checker", "checked_at"])
    log_operation(actor=actor, action="adjustment.approve", obj=adjustment, before=before,
                  after=snapshot(adjustment, FIELDS))
    return adjustment
