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
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from funds import selectors as funds_selectors
from funds import services as funds_services
from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.params import is_ascii_digits
from pension.permissions import COUNTY_BUSINESS, has_post
from pension.posts import Post

from ..models import (
    LineStatus,
    Payroll,
    PayrollLine,
    PayrollStatus,
)
from ..months import add_months, month_of
from ..selectors.holds import held_counts
from ..selectors.parameters import parameter_in_force

ZERO = Decimal("0.00")
GENERATORS = COUNTY_BUSINESS
APPROVERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE})
FIELDS = ["month", "batch", "status", "lines_count", "total", "maker", "checker", "returns_at"]


def _require(actor, posts, message):
    if not has_post(actor, posts):
        raise PermissionDenied(message)


# One INSERT … SELECT writes the month's lines: the months owed (from the one after paid_through, stopping before
# a stop), each level × months, the account part while the balance lasts (funds' balances relation) and the fund
# for the rest, approved adjustment arrears not yet paid, last month's amount and the flags.
GENERATE_SQL = """
INSERT INTO benefits_payrollline (payroll_id, recipient_id, township_id, village_id, first_month, last_month, months,
    basic_national, basic_provincial, basic_county, extra, account_part, fund_part, arrears, amount, previous_amount,
    change_flag, no_award, status, failure_reason)
SELECT %(payroll)s, x.id, x.township_id, x.village_id, x.first_month, GREATEST(x.first_month, x.last_month), x.n,
       x.basic_national * x.n, x.basic_provincial * x.n, x.basic_county * x.n, x.extra * x.n, x.account_part,
       x.account_amount * x.n - x.account_part, x.arrears, x.amount, x.previous_amount,
       COALESCE(ABS(x.amount - x.previous_amount) * 100 > x.previous_amount * %(alert)s, false),
       x.award_id IS NULL, 'pending', ''
FROM (
    SELECT y.*, LEAST(y.account_amount * y.n, GREATEST(COALESCE(b.balance, 0), 0)) AS account_part,
           (y.basic_national + y.basic_provincial + y.basic_county + y.extra + y.account_amount) * y.n + y.arrears
               AS amount,
           p.amount AS previous_amount
    FROM (
        SELECT z.*, GREATEST((EXTRACT(YEAR FROM z.last_month) - EXTRACT(YEAR FROM z.first_month)) * 12
                             + EXTRACT(MONTH FROM z.last_month) - EXTRACT(MONTH FROM z.first_month) + 1, 0)::int AS n
        FROM (
            SELECT r.id, r.resident_id, r.township_id, r.village_id, r.award_id, r.basic_national,
                   r.basic_provincial, r.basic_county, r.extra, r.account_amount,
                   CASE WHEN r.paid_through IS NULL THEN r.start_month
                        ELSE GREATEST(r.start_month, (r.paid_through + INTERVAL '1 month')::date) END AS first_month,
                   CASE WHEN r.status = 'active' THEN %(month)s::date
                        ELSE LEAST(%(month)s::date, (r.stopped_from - INTERVAL '1 month')::date) END AS last_month,
                   COALESCE(adj.arrears, 0) AS arrears
            FROM benefits_recipient r
            LEFT JOIN (SELECT l.recipient_id, SUM(l.arrears) AS arrears
                       FROM benefits_adjustmentline l JOIN benefits_adjustment a ON a.id = l.adjustment_id
                       WHERE a.status = 'approved' AND l.status = 'listed' AND l.paid_in_id IS NULL
                       GROUP BY l.recipient_id) adj
                   ON adj.recipient_id = r.id
            WHERE (r.status = 'active' OR (r.status = 'stopped' AND r.stopped_from IS NOT NULL))
              AND r.start_month <= %(month)s AND (r.paid_through IS NULL OR r.paid_through < %(month)s)
              -- nobody draws two state pensions: an active recipient with another pension on file is held
              AND NOT (r.status = 'active' AND EXISTS (SELECT 1 FROM benefits_otherpension o
                       WHERE o.resident_id = r.resident_id AND o.status IN ('reported', 'confirmed')))
        ) z
    ) y
    LEFT JOIN ({balances}) b ON b.resident_id = y.resident_id
    LEFT JOIN (SELECT pl.recipient_id, pl.amount FROM benefits_payrollline pl JOIN benefits_payroll pp
               ON pp.id = pl.payroll_id WHERE pp.month = %(previous)s AND pp.batch = 1) p ON p.recipient_id = y.id
    WHERE y.n > 0 OR y.arrears <> 0
) x
"""

AFTER_SQL = """
UPDATE benefits_recipient r SET paid_through = l.last_month
FROM benefits_payrollline l WHERE l.payroll_id = %(payroll)s AND l.recipient_id = r.id AND l.months > 0;
UPDATE benefits_adjustmentline al SET paid_in_id = l.id
FROM benefits_payrollline l, benefits_adjustment a
WHERE l.payroll_id = %(payroll)s AND l.recipient_id = al.recipient_id AND a.id = al.adjustment_id
  AND a.status = 'approved' AND al.status = 'listed' AND al.paid_in_id IS NULL;
"""


def _write_lines(payroll: Payroll, month: datetime.date, alert_percent: Decimal) -> None:
    if connection.vendor != "postgresql":
        raise ValidationError({"month": _("Monthly payrolls need the PostgreSQL database (set DATABASE_URL).")})
    sql = GENERATE_SQL.replace("{balances}", funds_selectors.account_balances_sql(
        residents_sql="SELECT resident_id FROM benefits_recipient WHERE status <> 'suspended'"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # compiling the plan costs more than it saves here
        cursor.execute("SET LOCAL work_mem = '64MB'")  # the balances aggregate stays in memory (no spill)
        cursor.execute(sql, {"payroll": payroll.pk, "month": month, "previous": add_months(month, -1),
                             "alert": alert_percent})


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
    except IntegrityError as exc:  # generated meanwhile by someone else
        if violated_constraint(exc) != "payroll_once_per_month_batch":
            raise
        return Payroll.objects.get(month=month, batch=1)
    payroll.held = held_counts()  # who this payroll holds back, by reason, as it is generated
    _write_lines(payroll, month, params.change_alert_percent)
    _after_lines(payroll)
    log_operation(actor=actor, action="payroll.generate", obj=payroll, after=snapshot(payroll, FIELDS))
    return payroll


def _after_lines(payroll: Payroll) -> None:
    """Move each recipient's paid_through to its line's last month, mark the arrears paid, total the payroll."""
    with connection.cursor() as cursor:
        cursor.execute(AFTER_SQL, {"payroll": payroll.pk})
    totals = PayrollLine.objects.filter(payroll=payroll).aggregate(n=Count("id"), total=Sum("amount"))
    payroll.lines_count, payroll.total = totals["n"], totals["total"] or ZERO
    payroll.save(update_fields=["lines_count", "total", "held"])


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
    ids = sorted({int(i) for i in line_ids if is_ascii_digits(str(i)) and len(str(i)) <= 18})
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
