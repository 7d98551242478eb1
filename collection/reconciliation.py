"""Daily reconciliation (日清) and month-end closing (月结): the cash collection took at the counter against the
deposit vouchers funds holds.

It lives here, in collection, because the app order allows only this side: collection sits above funds and
reads deposits through `funds.selectors` (`deposit_totals`, `deposits_on`, `deposit_list`), while funds, the
ledger, knows nothing of contributions. The pages keep their addresses under /funds/ (pension/urls.py).

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

from funds import selectors as funds_selectors
from funds.models import Deposit
from pension.models import Area

from .selectors import cash_collected_on, cash_collected_totals

ZERO = Decimal("0.00")


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
    collected, collected_count = cash_collected_totals(
        user=user, date_from=date, date_to=date, township_ids=[township.id]
    ).get((township.id, date), (ZERO, 0))
    deposited, deposit_count = funds_selectors.deposit_totals(
        user=user, date_from=date, date_to=date, township_ids=[township.id]
    ).get((township.id, date), (ZERO, 0))
    result = DayReconciliation(
        township=township, date=date, collected=collected or ZERO, collected_count=collected_count,
        deposited=deposited, deposit_count=deposit_count,
    )
    if with_rows:
        result.contributions = list(cash_collected_on(user=user, township_id=township.id, day=date))
        result.deposits = funds_selectors.deposits_on(user=user, township=township, day=date)
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
    townships = {t.id: t for t in funds_selectors.townships_for(user=user)}
    if township is not None:
        townships = {township.id: township} if township.id in townships else {}
    collected = cash_collected_totals(user=user, date_from=date_from, date_to=date_to, township_ids=list(townships))
    deposited = funds_selectors.deposit_totals(
        user=user, date_from=date_from, date_to=date_to, township_ids=list(townships)
    )
    days: dict[tuple[int, datetime.date], DayTotals] = {}
    for (township_id, paid_on), (total, n) in collected.items():
        day = days.setdefault((township_id, paid_on), DayTotals(townships[township_id], paid_on))
        day.collected, day.collected_count = total or ZERO, n
    for (township_id, date), (total, n) in deposited.items():
        day = days.setdefault((township_id, date), DayTotals(townships[township_id], date))
        day.deposited, day.deposit_count = total, n
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
    per_township = {t.id: TownshipMonth(t) for t in funds_selectors.townships_for(user=user)}
    for day in days:
        t = per_township[day.township.id]
        t.collected += day.collected
        t.collected_count += day.collected_count
        t.deposited += day.deposited
        t.deposit_count += day.deposit_count
        t.days_with_difference += 1 if day.difference else 0
    deposits = list(funds_selectors.deposit_list(user=user, date_from=first, date_to=last)
                    .order_by("date", "township__code", "id"))
    return MonthClosing(year=year, month=month, townships=list(per_township.values()), days=days,
                        deposits=deposits)
