"""Reads behind the benefits pages and API, always through the area scope."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from pension.models import Area, AreaLevel
from pension.permissions import has_post
from pension.posts import Post
from pension.scope import get_scoped_or_404, scope_queryset, scoped_areas

from ..models import (
    Adjustment,
    Award,
    DueEntry,
    LineStatus,
    Overpayment,
    Payroll,
    PayrollLine,
    Recipient,
    Recovery,
    Settlement,
    SettlementCorrection,
    SettlementPayment,
    SettlementPayout,
)

ZERO = Decimal("0.00")
PAYROLL_READERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE, Post.AUDITOR, Post.LEADER})


def townships_for(*, user) -> QuerySet[Area]:
    return scoped_areas(user, AreaLevel.TOWNSHIP).order_by("code")


def township_by_code(*, user, code: str | None) -> Area | None:
    """The township with this code when the user may see it; None for no code; 404 for one out of scope."""
    if not code:
        return None
    township = townships_for(user=user).filter(code=code).first()
    if township is None:
        raise Http404
    return township


def due_list(*, user, month: datetime.date, township=None, verdict=None) -> QuerySet[DueEntry]:
    qs = scope_queryset(user, DueEntry.objects.filter(month=month)).select_related("resident", "village",
                                                                                   "township")
    if township is not None:
        qs = qs.filter(township=township)
    if verdict:
        qs = qs.filter(verdict=verdict)
    return qs.order_by("township_id", "village_id", "resident__name", "id")


def award_list(*, user, status=None, township=None) -> QuerySet[Award]:
    qs = scope_queryset(user, Award.objects.all()).select_related("resident", "village", "township", "maker",
                                                                  "checker")
    if status:
        qs = qs.filter(status=status)
    if township is not None:
        qs = qs.filter(township=township)
    return qs


def award_get(*, user, pk) -> Award:
    return get_scoped_or_404(user, award_list(user=user), pk=pk)


def payroll_list(*, user) -> QuerySet[Payroll]:
    if not has_post(user, PAYROLL_READERS):
        return Payroll.objects.none()
    return Payroll.objects.select_related("maker", "checker").order_by("-month", "-batch")


def payroll_get(*, user, pk) -> Payroll:
    try:
        return payroll_list(user=user).get(pk=pk)
    except (Payroll.DoesNotExist, ValueError, TypeError):
        raise Http404


def settlement_payout_list(*, user) -> QuerySet[SettlementPayout]:
    """Settlement payment batches: county-wide, read by those who read payrolls."""
    if not has_post(user, PAYROLL_READERS):
        return SettlementPayout.objects.none()
    return SettlementPayout.objects.select_related("maker", "checker").order_by("-made_at", "-id")


def settlement_payout_get(*, user, pk) -> SettlementPayout:
    try:
        return settlement_payout_list(user=user).get(pk=pk)
    except (SettlementPayout.DoesNotExist, ValueError, TypeError):
        raise Http404


def payroll_lines(*, user, payroll: Payroll, status=None, flagged=False, township=None) -> QuerySet[PayrollLine]:
    qs = scope_queryset(user, PayrollLine.objects.filter(payroll=payroll)).select_related(
        "recipient__resident", "township", "village")
    if status:
        qs = qs.filter(status=status)
    if flagged:
        from django.db.models import Q

        qs = qs.filter(Q(change_flag=True) | Q(no_award=True))
    if township is not None:
        qs = qs.filter(township=township)
    return qs.order_by("township_id", "village_id", "id")


LEVELS = ("basic_national", "basic_provincial", "basic_county", "extra", "account_part", "fund_part", "arrears")


@dataclass
class PayrollTotals:
    by_township: list = field(default_factory=list)
    by_level: dict = field(default_factory=dict)
    failed: int = 0
    flagged: int = 0


def payroll_totals(*, payroll: Payroll) -> PayrollTotals:
    """Totals per township and by funding level (national, provincial, county, extra, account, fund, arrears)."""
    lines = PayrollLine.objects.filter(payroll=payroll)
    sums = {name: Coalesce(Sum(name), Value(ZERO), output_field=DecimalField()) for name in LEVELS}
    rows = list(lines.values("township__name", "township__code").annotate(amount=Sum("amount"), **sums)
                .order_by("township__code"))
    for row in rows:
        row["lines"] = lines.filter(township__code=row["township__code"]).count()
    by_level = lines.aggregate(**sums)
    return PayrollTotals(by_township=rows, by_level=by_level,
                         failed=lines.filter(status=LineStatus.FAILED).count(),
                         flagged=lines.filter(change_flag=True).count() + lines.filter(no_award=True).count())


def recipient_list(*, user, township=None, status=None, q=None) -> QuerySet[Recipient]:
    qs = scope_queryset(user, Recipient.objects.all()).select_related("resident", "village", "township")
    if township is not None:
        qs = qs.filter(township=township)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(resident__name__contains=q.strip())
    return qs.order_by("township_id", "village_id", "resident__name", "id")


def recipient_get(*, user, pk) -> Recipient:
    return get_scoped_or_404(user, recipient_list(user=user), pk=pk)


def _recovered():
    return Coalesce(Subquery(Recovery.objects.filter(overpayment=OuterRef("pk"), status="confirmed")
                             .values("overpayment")
                             .annotate(s=Sum("amount")).values("s")[:1]), Value(ZERO), output_field=DecimalField())


def overpayment_list(*, user, township=None, open_only=False) -> QuerySet[Overpayment]:
    from django.db.models import F

    qs = (scope_queryset(user, Overpayment.objects.all()).select_related("recipient__resident", "recipient__village")
          .annotate(recovered=_recovered()).annotate(outstanding=F("amount") - F("recovered")))
    if township is not None:
        qs = qs.filter(recipient__township=township)
    if open_only:
        qs = qs.filter(outstanding__gt=0)
    return qs


def overpayment_get(*, user, pk) -> Overpayment:
    return get_scoped_or_404(user, overpayment_list(user=user), pk=pk)


def _with_corrections(qs: QuerySet[Settlement]) -> QuerySet[Settlement]:
    """`corrected`: paid on top by corrections (reversed deductions); `payable`: the amount plus those."""
    from django.db.models import F

    corrected = Coalesce(Subquery(SettlementCorrection.objects.filter(settlement=OuterRef("pk"))
                                  .values("settlement").annotate(s=Sum("amount")).values("s")[:1]),
                         Value(ZERO), output_field=DecimalField())
    return qs.annotate(corrected=corrected).annotate(payable=F("amount") + F("corrected"))


def settlement_list(*, user, status=None) -> QuerySet[Settlement]:
    qs = _with_corrections(scope_queryset(user, Settlement.objects.all()).select_related(
        "recipient__resident", "recipient__village", "created_by", "checker").prefetch_related("corrections"))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def settlement_get(*, user, pk) -> Settlement:
    return get_scoped_or_404(user, settlement_list(user=user), pk=pk)


def settlement_payment_get(*, user, pk) -> SettlementPayment:
    """One row of a settlement payment batch, within the user's area (another township's is a 404)."""
    return get_scoped_or_404(user, scope_queryset(user, SettlementPayment.objects.select_related(
        "payout", "settlement__recipient")), pk=pk)


def recovery_get(*, user, pk) -> Recovery:
    return get_scoped_or_404(user, scope_queryset(user, Recovery.objects.select_related("overpayment")), pk=pk)


def adjustment_list(*, user) -> QuerySet[Adjustment]:
    return scope_queryset(user, Adjustment.objects.all()).select_related("township", "parameter", "maker",
                                                                         "checker")


def adjustment_get(*, user, pk) -> Adjustment:
    return get_scoped_or_404(user, adjustment_list(user=user), pk=pk)


@dataclass
class Statement:
    recipient: Recipient
    award: Award | None
    lines: list
    events: list
    overpayments: list
    settlement: Settlement | None
    total_paid: Decimal = ZERO
    total_arrears: Decimal = ZERO
    account_drawn: Decimal = ZERO
    fund_paid: Decimal = ZERO
    outstanding: Decimal = ZERO


def recipient_statement(*, user, recipient: Recipient) -> Statement:
    """Everything about one recipient: award, every payroll line, arrears, events, overpayments with recoveries,
    the account drawn down and the settlement (the caller read the recipient through a scoped selector)."""
    lines = list(PayrollLine.objects.filter(recipient=recipient).select_related("payroll")
                 .order_by("first_month", "payroll__batch", "id"))
    overs = list(overpayment_list(user=user).filter(recipient=recipient).prefetch_related("recoveries__reversals"))
    paid = [x for x in lines if x.status != LineStatus.FAILED]
    return Statement(
        recipient=recipient, award=recipient.award, lines=lines,
        events=list(recipient.events.select_related("actor").order_by("created_at", "id")), overpayments=overs,
        settlement=_with_corrections(Settlement.objects.filter(recipient=recipient)).prefetch_related(
            "corrections").first(),
        total_paid=sum((x.amount for x in paid), ZERO), total_arrears=sum((x.arrears for x in paid), ZERO),
        account_drawn=sum((x.account_part for x in lines if x.retry_of_id is None), ZERO),
        fund_paid=sum((x.fund_part for x in paid), ZERO),
        outstanding=sum((o.outstanding for o in overs), ZERO))
