"""Reads of deposits, interest and account statements, always through the area scope.

The daily reconciliation and month-end closing compare collection's cash with these deposits, so they live
in collection (collection.reconciliation), the app above this one, reading `deposit_totals` and `deposits_on`.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from pension.models import Area, AreaLevel
from pension.queries import filter_given
from pension.scope import get_scoped_or_404, scope_queryset, scoped_areas

from .models import (
    AccountEntry,
    Component,
    DayReopenRequest,
    DaySignOff,
    Deposit,
    EntryKind,
    IndividualAccount,
    InterestRate,
    InterestRun,
    ReopenStatus,
)
from .signoffs import day_hold, day_is_signed_off, msg_day_signed_off, signoffs_in_force

ZERO = Decimal("0.00")


# --- areas -------------------------------------------------------------------------------------------


def township_for(*, user, code: str) -> Area:
    """The township with this code if the user may see it, else 404 (no hint that it exists)."""
    township = scoped_areas(user, AreaLevel.TOWNSHIP).filter(code=(code or "").strip()).first()
    if township is None:
        raise Http404
    return township


def townships_for(*, user) -> QuerySet[Area]:
    return scoped_areas(user, AreaLevel.TOWNSHIP).order_by("code")


# --- deposits ----------------------------------------------------------------------------------------


def deposit_list(
    *, user, township_code: str | None = None, date_from=None, date_to=None, voucher: str | None = None
) -> QuerySet[Deposit]:
    qs = scope_queryset(user, Deposit.objects.all()).select_related("township", "created_by", "reverses")
    qs = filter_given(qs, township__code=township_code, date__gte=date_from, date__lte=date_to)
    if voucher:
        qs = qs.filter(voucher_number=voucher.strip())
    return qs.order_by("-date", "-id")


def deposit_get(*, user, pk: int) -> Deposit:
    return get_scoped_or_404(user, Deposit.objects.select_related("township"), pk=pk)


# --- deposit totals (read by collection's reconciliation) --------------------------------------------


def deposit_totals(*, user, date_from: datetime.date, date_to: datetime.date,
                   township_ids: list[int]) -> dict[tuple[int, datetime.date], tuple[Decimal, int]]:
    """{(township id, day): (amount deposited, vouchers)} for deposits in scope in the period: one GROUP BY."""
    rows = (
        scope_queryset(user, Deposit.objects.all())
        .filter(date__range=(date_from, date_to), township_id__in=list(township_ids))
        .values("township_id", "date")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by()
    )
    return {(row["township_id"], row["date"]): (row["total"] or ZERO, row["n"]) for row in rows}


def day_signoff(*, user, township: Area, day: datetime.date) -> DaySignOff | None:
    """The sign-off in force of one township's day, if county finance signed it off and it is not reopened (in
    scope)."""
    return (scope_queryset(user, signoffs_in_force()).select_related("signed_by", "township")
            .filter(township=township, date=day).first())


def day_signoff_history(*, user, township: Area, day: datetime.date) -> list[DaySignOff]:
    """Every sign-off of one township's day, newest first, reopened ones too, each with its reopen requests
    (`reopen_list`), in scope."""
    rows = list(scope_queryset(user, DaySignOff.objects.all())
                .select_related("signed_by", "reopened_by", "township").filter(township=township, date=day)
                .order_by("-signed_at", "-id"))
    requests: dict[int, list] = {}
    for r in (DayReopenRequest.objects.filter(signoff__in=rows).select_related("requested_by", "decided_by")
              .order_by("requested_at", "id")):
        requests.setdefault(r.signoff_id, []).append(r)
    for row in rows:
        row.reopen_list = requests.get(row.pk, [])
    return rows


def reopen_request_list(*, user, status: str | None = ReopenStatus.REQUESTED) -> QuerySet[DayReopenRequest]:
    """Requests to reopen a signed-off day, in scope, oldest first; by default those awaiting confirmation."""
    qs = scope_queryset(user, DayReopenRequest.objects.all()).select_related(
        "signoff", "signoff__township", "requested_by", "decided_by")
    return filter_given(qs, status=status).order_by("requested_at", "id")


def reopen_request_get(*, user, pk: int) -> DayReopenRequest:
    return get_scoped_or_404(user, DayReopenRequest.objects.select_related(
        "signoff", "signoff__township", "requested_by", "decided_by"), pk=pk)


def day_lock_message(*, township_id: int, day: datetime.date | None, hold: bool = False) -> str:
    """The refusal for anything dated on a signed-off day of this township, or "" when the day is open.
    (Not scoped: the lock holds whoever asks.) `hold=True`, for a write inside its transaction: first hold the
    day's lock (shared) until that transaction ends, so the day cannot be signed off between this check and the
    commit (funds/signoffs.py `day_hold`)."""
    if hold and day is not None:
        day_hold(pairs=[(township_id, day)])
    if day is None or not day_is_signed_off(township_id=township_id, date=day):
        return ""
    name = Area.objects.filter(pk=township_id).values_list("name", flat=True).first() or ""
    return msg_day_signed_off(township_name=name, date=day)


def signed_off_dates(*, township_id: int) -> set[datetime.date]:
    """Every signed-off day of one township (an import checks its rows against this set)."""
    return set(signoffs_in_force().filter(township_id=township_id).values_list("date", flat=True))


def deposits_on(*, user, township: Area, day: datetime.date) -> list[Deposit]:
    """One township's deposit vouchers of one day, in scope."""
    return list(scope_queryset(user, Deposit.objects.all()).filter(township=township, date=day).order_by("id"))


# --- interest ----------------------------------------------------------------------------------------


def interest_rates() -> QuerySet[InterestRate]:
    return InterestRate.objects.select_related("updated_by").order_by("-year")


def interest_runs(*, limit: int = 50) -> QuerySet[InterestRun]:
    return InterestRun.objects.select_related("requested_by").order_by("-requested_at", "-id")[:limit]


# --- accounts ----------------------------------------------------------------------------------------


def account_list(*, user, q: str | None = None, township_code: str | None = None) -> QuerySet[IndividualAccount]:
    qs = scope_queryset(user, IndividualAccount.objects.all()).select_related(
        "resident", "resident__village", "township"
    )
    qs = filter_given(qs, township__code=township_code)
    if q:
        qs = qs.filter(resident__name__contains=q.strip())
    return qs.order_by("resident__name", "id")


def account_balances(account_ids) -> dict[int, Decimal]:
    """Balances of a page of accounts in one grouped query (not a join over every account in scope)."""
    rows = (AccountEntry.objects.filter(account_id__in=list(account_ids)).values("account_id")
            .annotate(total=Sum("amount")).order_by())
    return {row["account_id"]: row["total"] for row in rows}


@dataclass
class ComponentLine:
    component: str
    label: str
    opening: Decimal = ZERO
    movement: Decimal = ZERO

    @property
    def closing(self) -> Decimal:
        return self.opening + self.movement


@dataclass
class Statement:
    """A resident's account for one year (GB/T 40217 AIC200/ZZB001/ZZB002/AIC340/ZZB005)."""

    resident: object
    year: int
    account: IndividualAccount | None
    opening: Decimal = ZERO
    principal: Decimal = ZERO
    interest: Decimal = ZERO
    paid_out: Decimal = ZERO
    entries: list = field(default_factory=list)
    components: list[ComponentLine] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.principal + self.interest - self.paid_out


def account_statement(*, resident, year: int) -> Statement:
    """The statement of a resident the caller already read through a scoped selector."""
    account = IndividualAccount.objects.filter(resident=resident).first()
    statement = Statement(resident=resident, year=year, account=account)
    if account is None:
        return statement
    jan1, dec31 = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    entries = AccountEntry.objects.filter(account=account)
    labels = dict(Component.choices)
    lines = {c: ComponentLine(c, str(labels[c])) for c in Component.values}
    for row in entries.filter(value_date__lt=jan1).values("component").annotate(total=Sum("amount")):
        lines[row["component"]].opening = row["total"] or ZERO
    statement.opening = sum((line.opening for line in lines.values()), ZERO)
    in_year = list(entries.filter(value_date__range=(jan1, dec31)).order_by(
        "value_date", "id"))
    for entry in in_year:
        lines[entry.component].movement += entry.amount
        if entry.component == Component.INTEREST:  # interest credited, or taken back (a reversal, a death)
            statement.interest += entry.amount
        elif entry.kind in (EntryKind.CREDIT, EntryKind.REVERSAL):
            statement.principal += entry.amount
        elif entry.kind == EntryKind.PAYOUT:
            statement.paid_out -= entry.amount
    statement.entries = in_year
    statement.components = [line for line in lines.values() if line.opening or line.movement]
    first = entries.order_by("value_date").values_list("value_date", flat=True).first()
    if first:
        statement.years = list(range(max(timezone.localdate().year, year), first.year - 1, -1))
    return statement


# --- reads for the apps above (benefits) -------------------------------------------------------------------

# Components the governments (not the person) put in: kept back when a double receipt is refunded.
GOVERNMENT_COMPONENTS = (Component.HARDSHIP, Component.SUBSIDY_CENTRAL, Component.SUBSIDY_PROVINCIAL,
                         Component.SUBSIDY_MUNICIPAL, Component.SUBSIDY_COUNTY)


def contribution_years_by_resident(*, resident_ids) -> dict[int, set[int]]:
    """{resident_id: the contribution years with a personal (or government-paid hardship) contribution credited
    and not reversed}, in one grouped query over the account entries of these residents."""
    rows = (AccountEntry.objects
            .filter(account__resident_id__in=list(resident_ids), for_year__isnull=False,
                    component__in=(Component.PERSONAL, Component.HARDSHIP),
                    kind__in=(EntryKind.CREDIT, EntryKind.REVERSAL))
            .values("account__resident_id", "for_year").annotate(total=Sum("amount")).order_by())
    years: dict[int, set[int]] = {}
    for row in rows:
        if row["total"] and row["total"] > 0:
            years.setdefault(row["account__resident_id"], set()).add(row["for_year"])
    return years


def account_balances_by_resident(*, resident_ids=None) -> dict[int, Decimal]:
    """{resident_id: account balance} for these residents (every account when None), one grouped query."""
    qs = AccountEntry.objects.all()
    if resident_ids is not None:
        qs = qs.filter(account__resident_id__in=list(resident_ids))
    rows = qs.values("account__resident_id").annotate(total=Sum("amount")).order_by()
    return {row["account__resident_id"]: row["total"] or ZERO for row in rows}


def account_components_of(*, resident_id: int) -> dict[str, Decimal]:
    """{component: balance} of one resident's account (components at zero left out)."""
    rows = (AccountEntry.objects.filter(account__resident_id=resident_id).values("component")
            .annotate(total=Sum("amount")).order_by())
    return {row["component"]: row["total"] for row in rows if row["total"]}


def deposit_reversals_open(*, user) -> QuerySet:
    """Cancellations of deposit vouchers awaiting a second officer's confirmation, in the user's scope."""
    from .models import DepositReversalProposal

    return scope_queryset(user, DepositReversalProposal.objects.filter(status="proposed")).select_related(
        "deposit", "deposit__township", "proposed_by").order_by("proposed_at", "id")


def account_balances_sql(*, residents_sql: str | None = None) -> str:
    """SQL of the relation (resident_id, balance), for a caller that joins it into a set-based statement of its
    own (benefits' payroll generation) instead of reading balances row by row. `residents_sql`, the caller's
    own SQL selecting resident ids, limits it to those accounts."""
    entry, account = AccountEntry._meta.db_table, IndividualAccount._meta.db_table
    where = f"WHERE a.resident_id IN ({residents_sql}) " if residents_sql else ""
    return (f"SELECT a.resident_id, SUM(e.amount) AS balance FROM {entry} e "  # noqa: S608 (table names from meta)
            f"JOIN {account} a ON a.id = e.account_id {where}GROUP BY a.resident_id")
