"""Monthly payrolls: generate (idempotent), approve by another person (debiting the accounts), record the bank's
returns, and a second batch that repays only lines that failed.

A line pays every month from the one after the recipient's `paid_through` to the payroll's month (so months not
paid while suspended come back as arrears), stopping before the first month no longer payable (death, double
receipt). The account part is taken from the individual account while it lasts; what the account cannot give is
paid by the fund and recorded as such (`fund_part`).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from funds import selectors as funds_selectors
from funds import services as funds_services
from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, has_post
from pension.posts import Post

from ..models import (
    AdjustmentLine,
    AdjustmentStatus,
    LineStatus,
    Payroll,
    PayrollLine,
    PayrollStatus,
    Recipient,
    RecipientStatus,
)
from ..months import add_months, month_of, months_between
from ..selectors.parameters import parameter_in_force

ZERO = Decimal("0.00")
GENERATORS = COUNTY_BUSINESS
APPROVERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE})
FIELDS = ["month", "batch", "status", "lines_count", "total", "maker", "checker", "returns_at"]


def _require(actor, posts, message):
    if not has_post(actor, posts):
        raise PermissionDenied(message)


def payable_recipients(month: datetime.date):
    """Recipients a payroll of `month` pays: active, or stopped with months still owed before the stop; the first
    month owed (the one after paid_through, or the start) no later than `month`."""
    return (Recipient.objects
            .filter(Q(status=RecipientStatus.ACTIVE) | Q(status=RecipientStatus.STOPPED, stopped_from__isnull=False),
                    start_month__lte=month)
            .filter(Q(paid_through__isnull=True) | Q(paid_through__lt=month))
            .only("id", "resident_id", "township_id", "village_id", "status", "start_month", "paid_through",
                  "stopped_from", "basic_national", "basic_provincial", "basic_county", "extra", "account_amount",
                  "monthly_amount", "award_id"))


def _lines_for(payroll: Payroll, month: datetime.date, alert_percent: Decimal) -> list[PayrollLine]:
    recipients = list(payable_recipients(month))
    balances = funds_selectors.account_balances_by_resident(resident_ids=[r.resident_id for r in recipients])
    arrears = dict(AdjustmentLine.objects.filter(adjustment__status=AdjustmentStatus.APPROVED, paid_in__isnull=True,
                                                 recipient_id__in=[r.pk for r in recipients])
                   .values("recipient_id").annotate(total=Sum("arrears")).values_list("recipient_id", "total"))
    previous = dict(PayrollLine.objects.filter(payroll__month=add_months(month, -1), payroll__batch=1)
                    .values_list("recipient_id", "amount"))
    lines = []
    for r in recipients:
        first = r.start_month if r.paid_through is None else max(r.start_month, add_months(r.paid_through, 1))
        last = month if r.status == RecipientStatus.ACTIVE else min(month, add_months(r.stopped_from, -1))
        n = months_between(first, last)
        extra_arrears = arrears.get(r.pk, ZERO)
        if n <= 0 and not extra_arrears:
            continue
        owed = r.account_amount * n
        account_part = min(owed, max(balances.get(r.resident_id, ZERO), ZERO))
        line = PayrollLine(
            payroll=payroll, recipient_id=r.pk, township_id=r.township_id, village_id=r.village_id,
            first_month=first, last_month=max(first, last) if n else last, months=n,
            basic_national=r.basic_national * n, basic_provincial=r.basic_provincial * n,
            basic_county=r.basic_county * n, extra=r.extra * n, account_part=account_part,
            fund_part=owed - account_part, arrears=extra_arrears, no_award=r.award_id is None)
        line.amount = (line.basic_national + line.basic_provincial + line.basic_county + line.extra
                       + line.account_part + line.fund_part + line.arrears)
        prev = previous.get(r.pk)
        line.previous_amount = prev
        line.change_flag = bool(prev and abs(line.amount - prev) * 100 > prev * alert_percent)
        lines.append(line)
    return lines


@transaction.atomic
def payroll_generate(*, actor, month) -> Payroll:
    """The month's payroll (batch 1). Generating it again returns the same payroll, unchanged."""
    _require(actor, GENERATORS, _("Only a county business officer generates a payroll."))
    if not isinstance(month, datetime.date):
        raise ValidationError({"month": _("Enter the month as YYYY-MM.")})
    month = month_of(month)
    if month > add_months(month_of(timezone.localdate()), 1):
        raise ValidationError({"month": _("A payroll is generated at the earliest the month before.")})
    existing = Payroll.objects.filter(month=month, batch=1).first()
    if existing is not None:
        return existing
    params = parameter_in_force(month=month)
    try:
        with transaction.atomic():
            payroll = Payroll.objects.create(month=month, batch=1, maker=actor)
    except IntegrityError:  # generated meanwhile by someone else
        return Payroll.objects.get(month=month, batch=1)
    lines = _lines_for(payroll, month, params.change_alert_percent)
    PayrollLine.objects.bulk_create(lines, batch_size=5000)
    _after_lines(payroll)
    log_operation(actor=actor, action="payroll.generate", obj=payroll, after=snapshot(payroll, FIELDS))
    return payroll


def _after_lines(payroll: Payroll) -> None:
    """Move each recipient's paid_through to its line's last month, mark the arrears paid, total the payroll."""
    lines = PayrollLine.objects.filter(payroll=payroll)
    Recipient.objects.filter(lines__payroll=payroll, lines__months__gt=0).update(paid_through=Subquery(
        lines.filter(recipient_id=OuterRef("pk")).values("last_month")[:1]))
    AdjustmentLine.objects.filter(adjustment__status=AdjustmentStatus.APPROVED, paid_in__isnull=True,
                                  recipient__lines__payroll=payroll).update(paid_in=Subquery(
                                      lines.filter(recipient_id=OuterRef("recipient_id")).values("pk")[:1]))
    totals = lines.aggregate(total=Sum("amount"))
    payroll.lines_count, payroll.total = lines.count(), totals["total"] or ZERO
    payroll.save(update_fields=["lines_count", "total"])


def _locked(payroll: Payroll) -> Payroll:
    return Payroll.objects.select_for_update().get(pk=payroll.pk)


@transaction.atomic
def payroll_approve(*, actor, payroll: Payroll) -> Payroll:
    """Second check by someone other than the maker. The account parts are debited from the individual accounts
    (by component, through funds); what an account could no longer give moves to the fund part."""
    _require(actor, APPROVERS, _("Only a county business officer or county finance approves a payroll."))
    payroll = _locked(payroll)
    if payroll.maker_id == actor.pk:
        raise ValidationError({"checker": _("You generated this payroll; someone else must approve it.")})
    if payroll.status != PayrollStatus.GENERATED:
        raise Conflict({"status": _("This payroll is not waiting for approval.")})
    before = snapshot(payroll, FIELDS)
    payroll.status, payroll.checker, payroll.checked_at = PayrollStatus.APPROVED, actor, timezone.now()
    payroll.save(update_fields=["status", "checker", "checked_at"])
    if payroll.batch > 1:  # a second batch repays lines whose account part was debited with the first
        log_operation(actor=actor, action="payroll.approve", obj=payroll, before=before,
                      after=snapshot(payroll, FIELDS))
        return payroll
    wanted = list(PayrollLine.objects.filter(payroll=payroll, account_part__gt=0)
                  .values_list("pk", "recipient__resident_id", "account_part"))
    paid = funds_services.account_pay_out(actor=actor, debits=[(rid, amount) for _pk, rid, amount in wanted],
                                          value_date=payroll.month, reason=f"payroll {payroll}")
    short = [(pk, amount - paid.get(rid, ZERO)) for pk, rid, amount in wanted if paid.get(rid, ZERO) < amount]
    for pk, gap in short:
        PayrollLine.objects.filter(pk=pk).update(account_part=F("account_part") - gap, fund_part=F("fund_part") + gap)
    log_operation(actor=actor, action="payroll.approve", obj=payroll, before=before, after=snapshot(payroll, FIELDS))
    return payroll


@transaction.atomic
def payroll_second_batch(*, actor, payroll: Payroll, line_ids: list[int]) -> Payroll:
    """A later batch of the same month that repays lines of earlier batches marked failed by the bank, each once.
    Any other line is refused, and the refusal says which and why."""
    _require(actor, GENERATORS, _("Only a county business officer generates a payroll."))
    payroll = _locked(payroll)
    ids = sorted({int(i) for i in line_ids if str(i).isdigit()})
    if not ids or len(ids) != len(line_ids):
        raise ValidationError({"lines": _("Choose the failed lines to pay again.")})
    lines = {line.pk: line for line in PayrollLine.objects.select_for_update().filter(
        pk__in=ids, payroll__month=payroll.month).select_related("payroll")}
    refused = []
    for pk in ids:
        line = lines.get(pk)
        if line is None:
            refused.append(_("line %(id)s is not in the payroll of %(m)s") % {"id": pk, "m": f"{payroll.month:%Y-%m}"})
        elif line.status != LineStatus.FAILED:
            refused.append(_("line %(id)s did not fail (%(status)s)") % {"id": pk,
                                                                          "status": line.get_status_display()})
        elif PayrollLine.objects.filter(retry_of=line).exists():
            refused.append(_("line %(id)s is already in a later batch") % {"id": pk})
    if refused:
        raise Conflict({"lines": _("A second batch repays only lines that failed: %(why)s.") % {
            "why": "；".join(refused)}})
    batch = (Payroll.objects.filter(month=payroll.month).order_by("-batch").values_list("batch", flat=True)[0]) + 1
    second = Payroll.objects.create(month=payroll.month, batch=batch, maker=actor)
    copies = []
    for pk in ids:
        line = lines[pk]
        line.pk, line.id, line.payroll_id, line.payroll = None, None, second.pk, second
        line.status, line.failure_reason, line.retry_of_id = LineStatus.PENDING, "", pk
        copies.append(line)
    PayrollLine.objects.bulk_create(copies)
    second.lines_count = len(copies)
    second.total = sum((c.amount for c in copies), ZERO)
    second.save(update_fields=["lines_count", "total"])
    log_operation(actor=actor, action="payroll.second_batch", obj=second, after=snapshot(second, FIELDS),
                  reason=f"repays lines {ids}")
    return second


@transaction.atomic
def payroll_returns_record(*, actor, payroll: Payroll, results: list[tuple[int, bool, str]]) -> dict:
    """The bank's return file: (line id, paid?, reason) per line. Failed lines keep their reason and may be paid
    again in a second batch. Lines of another payroll, or unknown, are refused with the row they were on."""
    _require(actor, APPROVERS, _("Only a county business officer or county finance records the bank's returns."))
    payroll = _locked(payroll)
    if payroll.status == PayrollStatus.GENERATED:
        raise Conflict({"file": _("This payroll has not been approved and sent to the bank yet.")})
    ids = {line_id for line_id, _ok, _r in results}
    known = set(PayrollLine.objects.filter(payroll=payroll, pk__in=ids).values_list("pk", flat=True))
    unknown = [str(i) for i in sorted(ids - known)]
    if unknown:
        raise ValidationError({"file": _("Lines not in this payroll: %(ids)s.") % {"ids": "、".join(unknown[:20])}})
    failed = [(i, (r or _("no reason given")).strip()[:200]) for i, ok, r in results if not ok]
    paid = [i for i, ok, _r in results if ok]
    PayrollLine.objects.filter(pk__in=paid).update(status=LineStatus.PAID, failure_reason="")
    for line_id, reason in failed:
        PayrollLine.objects.filter(pk=line_id).update(status=LineStatus.FAILED, failure_reason=reason)
    before = snapshot(payroll, FIELDS)
    payroll.status, payroll.returns_at = PayrollStatus.RETURNED, timezone.now()
    payroll.save(update_fields=["status", "returns_at"])
    summary = {"paid": len(paid), "failed": len(failed)}
    log_operation(actor=actor, action="payroll.returns", obj=payroll, before=before,
                  after={**snapshot(payroll, FIELDS), **summary})
    return summary
