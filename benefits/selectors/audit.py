"""Reads for the audit app (quarterly samples and red flags), county-wide: audit reads the whole county."""

import datetime

from django.db.models import Count, F, Q, QuerySet

from ..models import Award, PayrollLine, Recipient


def awards_approved_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    rows = Award.objects.filter(status="approved", checked_at__date__range=(start, end)).order_by("id")
    return [(pk, at.date()) for pk, at in rows.values_list("id", "checked_at")]


def awards_described(*, ids) -> dict[int, dict]:
    return {r["id"]: r for r in Award.objects.filter(id__in=list(ids)).values(
        "id", "resident__name", "start_month", "monthly_amount")}


def payroll_changes_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    """Payroll lines of the months in the period whose amount changed beyond the alert (or have no award)."""
    rows = PayrollLine.objects.filter(payroll__month__range=(start, end)).filter(
        Q(change_flag=True) | Q(no_award=True)).order_by("id")
    return list(rows.values_list("id", "payroll__month"))


def second_payments_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    rows = PayrollLine.objects.filter(payroll__month__range=(start, end), retry_of__isnull=False).order_by("id")
    return list(rows.values_list("id", "payroll__month"))


def payroll_lines_described(*, ids) -> dict[int, dict]:
    return {r["id"]: r for r in PayrollLine.objects.filter(id__in=list(ids)).values(
        "id", "payroll_id", "payroll__month", "recipient__resident__name", "amount", "previous_amount", "status")}


def recipient_start_months() -> dict[int, datetime.date]:
    """{resident id: first month paid} of every recipient not stopped."""
    return dict(Recipient.objects.exclude(status="stopped").values_list("resident_id", "start_month"))


def payments_after_death() -> QuerySet:
    """Payroll lines not failed that pay a month after the recipient's recorded death."""
    return (PayrollLine.objects.exclude(status="failed")
            .filter(recipient__resident__death_date__isnull=False, last_month__gt=F("recipient__resident__death_date"))
            .order_by("id").values("id", "payroll_id", "recipient_id", "recipient__resident__name", "last_month",
                                   "amount", "recipient__resident__death_date"))


def shared_bank_accounts() -> list[dict]:
    """Bank accounts held by more than one recipient not stopped: [{account, recipients: [(id, name)]}]."""
    live = Recipient.objects.exclude(status="stopped").exclude(resident__bank_account="")
    shared = (live.values("resident__bank_account").annotate(n=Count("id")).filter(n__gt=1)
              .values_list("resident__bank_account", flat=True))
    out: dict[str, list] = {}
    for account, pk, name in live.filter(resident__bank_account__in=shared).order_by("id").values_list(
            "resident__bank_account", "id", "resident__name"):
        out.setdefault(account, []).append((pk, name))
    return [{"account": a, "recipients": r} for a, r in out.items()]


def payment_growth_above(*, percent, since: datetime.date) -> QuerySet:
    """Payroll lines since a month whose amount grew more than `percent` over the month before."""
    factor = 1 + percent / 100
    return (PayrollLine.objects.filter(payroll__month__gte=since, previous_amount__gt=0,
                                       amount__gt=F("previous_amount") * factor)
            .order_by("id").values("id", "payroll_id", "payroll__month", "recipient__resident__name", "amount",
                                   "previous_amount"))


def second_payments_of_lines_not_failed() -> QuerySet:
    """Repayments (a later batch) of lines that had not failed."""
    return (PayrollLine.objects.filter(retry_of__isnull=False).exclude(retry_of__status="failed")
            .order_by("id").values("id", "payroll_id", "retry_of_id", "recipient__resident__name", "amount"))


