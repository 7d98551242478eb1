"""Reads of deposits, reconciliation, interest and account statements, always through the area scope.

Contributions belong to the collection app, and this app reads them only through collection's selectors:
`cash_collected_totals` (per township and day, one GROUP BY) and `cash_collected_on` (one township's rows
of one day). The reconciliation below compares those with the deposit vouchers.

What "collected" means in the daily reconciliation (日清): the personal part of every cash contribution
whose payment day (paid_on) is that day, in that township, and that is not reversed (entered, returned
to the township for correction, or approved). That is the money the clerk took at the counter. Bank
withholding never passes through the clerk's hands, and the government-paid hardship part, the
subsidies, the collective subsidy and donations reach the fund by transfer, so none of them is cash to
deposit. A cancelled entry was never paid, so it is not cash either.
"""

import datetime
from calendar import monthrange
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from collection import selectors as collection_selectors
from pension.models import Area, AreaLevel
from pension.scope import get_scoped_or_404, scope_queryset, scoped_areas

from .models import AccountEntry, Component, Deposit, EntryKind, IndividualAccount, InterestRate, InterestRun

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
    if township_code:
        qs = qs.filter(township__code=township_code)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if voucher:
        qs = qs.filter(voucher_number=voucher.strip())
    return qs.order_by("-date", "-id")


def deposit_get(*, user, pk: int) -> Deposit:
    return get_scoped_or_404(user, Deposit.objects.select_related("township"), pk=pk)


# --- reconciliation ----------------------------------------------------------------------------------


@dataclass
class DayReconciliation:
    township: Area
    date: datetime.date
    collected: Decimal
    collected_count: int
    deposited: Decimal
    deposit_count: int
    contributions: list = field(default_factory=list)
    deposits: list = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        """Collected minus deposited: positive means cash not yet deposited."""
        return self.collected - self.deposited

    @property
    def balanced(self) -> bool:
        return self.difference == 0


def reconciliation_day(*, user, township: Area, date: datetime.date, with_rows: bool = True) -> DayReconciliation:
    collected, collected_count = collection_selectors.cash_collected_totals(
        user=user, date_from=date, date_to=date, township_ids=[township.id]
    ).get((township.id, date), (ZERO, 0))
    deposits = scope_queryset(user, Deposit.objects.all()).filter(township=township, date=date)
    d = deposits.aggregate(total=Sum("amount"), n=Count("id"))
    result = DayReconciliation(
        township=township, date=date, collected=collected or ZERO, collected_count=collected_count,
        deposited=d["total"] or ZERO, deposit_count=d["n"],
    )
    if with_rows:
        result.contributions = list(
            collection_selectors.cash_collected_on(user=user, township_id=township.id, day=date)
        )
        result.deposits = list(deposits.order_by("id"))
    return result


@dataclass
class DayTotals:
    township: Area
    date: datetime.date
    collected: Decimal = ZERO
    collected_count: int = 0
    deposited: Decimal = ZERO
    deposit_count: int = 0

    @property
    def difference(self) -> Decimal:
        return self.collected - self.deposited


def reconciliation_days(*, user, date_from: datetime.date, date_to: datetime.date,
                        township: Area | None = None) -> list[DayTotals]:
    """Every (township, day) with cash collected or deposited in the period: two grouped queries."""
    townships = {t.id: t for t in townships_for(user=user)}
    if township is not None:
        townships = {township.id: township} if township.id in townships else {}
    collected = collection_selectors.cash_collected_totals(
        user=user, date_from=date_from, date_to=date_to, township_ids=list(townships)
    )
    deposited = (
        scope_queryset(user, Deposit.objects.all())
        .filter(date__range=(date_from, date_to), township_id__in=list(townships))
        .values("township_id", "date")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by()
    )
    days: dict[tuple[int, datetime.date], DayTotals] = {}
    for (township_id, paid_on), (total, n) in collected.items():
        day = days.setdefault((township_id, paid_on), DayTotals(townships[township_id], paid_on))
        day.collected, day.collected_count = total or ZERO, n
    for row in deposited:
        day = days.setdefault((row["township_id"], row["date"]), DayTotals(townships[row["township_id"]], row["date"]))
        day.deposited, day.deposit_count = row["total"] or ZERO, row["n"]
    return sorted(days.values(), key=lambda d: (d.date, d.township.code))


def reconciliation_differences(*, user, date_from, date_to, township: Area | None = None) -> list[DayTotals]:
    return [d for d in reconciliation_days(user=user, date_from=date_from, date_to=date_to, township=township)
            if d.difference]


@dataclass
class TownshipMonth:
    township: Area
    collected: Decimal = ZERO
    collected_count: int = 0
    deposited: Decimal = ZERO
    deposit_count: int = 0
    days_with_difference: int = 0

    @property
    def difference(self) -> Decimal:
        return self.collected - self.deposited


@dataclass
class MonthClosing:
    year: int
    month: int
    townships: list[TownshipMonth]
    days: list[DayTotals]
    deposits: list[Deposit]

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, monthrange(self.year, self.month)[1])

    @property
    def collected(self) -> Decimal:
        return sum((t.collected for t in self.townships), ZERO)

    @property
    def deposited(self) -> Decimal:
        return sum((t.deposited for t in self.townships), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.collected - self.deposited


def month_closing(*, user, year: int, month: int) -> MonthClosing:
    """Month-end closing (月结): per township the month's cash collected and deposited, the days that do not
    balance, and every voucher of the month."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, monthrange(year, month)[1])
    days = reconciliation_days(user=user, date_from=first, date_to=last)
    per_township = {t.id: TownshipMonth(t) for t in townships_for(user=user)}
    for day in days:
        t = per_township[day.township.id]
        t.collected += day.collected
        t.collected_count += day.collected_count
        t.deposited += day.deposited
        t.deposit_count += day.deposit_count
        t.days_with_difference += 1 if day.difference else 0
    deposits = list(deposit_list(user=user, date_from=first, date_to=last).order_by("date", "township__code", "id"))
    return MonthClosing(year=year, month=month, townships=list(per_township.values()), days=days,
                        deposits=deposits)


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
    if township_code:
        qs = qs.filter(township__code=township_code)
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
    in_year = list(entries.filter(value_date__range=(jan1, dec31)).select_related("contribution").order_by(
        "value_date", "id"))
    for entry in in_year:
        lines[entry.component].movement += entry.amount
        if entry.kind in (EntryKind.CREDIT, EntryKind.REVERSAL):
            statement.principal += entry.amount
        elif entry.kind == EntryKind.INTEREST:
            statement.interest += entry.amount
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
            .filter(account__resident_id__in=list(resident_ids), contribution__isnull=False,
                    component__in=(Component.PERSONAL, Component.HARDSHIP),
                    kind__in=(EntryKind.CREDIT, EntryKind.REVERSAL))
            .values("account__resident_id", "contribution__year").annotate(total=Sum("amount")).order_by())
    years: dict[int, set[int]] = {}
    for row in rows:
        if row["total"] and row["total"] > 0:
            years.setdefault(row["account__resident_id"], set()).add(row["contribution__year"])
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
