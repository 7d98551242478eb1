"""Payouts from individual accounts: the monthly account part of pensions, and the one-off settlement that closes
an account (to the heirs, or a refund). Callers pass plain data (resident ids and amounts); funds knows nothing of
why the money goes out. A payout is split over the account's components in proportion to their balances and
never takes an account below zero: the caller learns how much the account could give."""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from pension.oplog import log_operation

from .models import AccountEntry, EntryKind, IndividualAccount

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _component_balances(resident_ids) -> dict[int, tuple[int, dict[str, Decimal]]]:
    rows = (AccountEntry.objects.filter(account__resident_id__in=list(resident_ids))
            .values("account_id", "account__resident_id", "component").annotate(total=Sum("amount")).order_by())
    out: dict[int, tuple[int, dict[str, Decimal]]] = {}
    for row in rows:
        account_id, parts = out.setdefault(row["account__resident_id"], (row["account_id"], {}))
        if row["total"] and row["total"] > 0:
            parts[row["component"]] = row["total"]
    return out


def _split(amount: Decimal, parts: dict[str, Decimal]) -> list[tuple[str, Decimal]]:
    """`amount` (≤ the sum of parts) over the components in proportion; the last takes the rounding remainder."""
    total = sum(parts.values(), ZERO)
    if total <= 0 or amount <= 0:
        return []
    items = sorted(parts.items())
    out, left = [], amount
    for i, (component, balance) in enumerate(items):
        share = left if i == len(items) - 1 else min((amount * balance / total).quantize(CENT, ROUND_DOWN), left)
        if share > 0:
            out.append((component, share))
            left -= share
    return out


def _insert_payouts(entries: list[tuple[int, str, Decimal]], *, value_date: datetime.date, actor) -> None:
    """Write the payout entries (account id, component, negative amount). On PostgreSQL one INSERT … SELECT FROM
    unnest(arrays): a month's payroll debits some ten thousand entries, and building a model instance for each
    (bulk_create) cost more than the write itself (issue 11: the demo's twelve payrolls)."""
    if not entries:
        return
    if connection.vendor != "postgresql":
        AccountEntry.objects.bulk_create([
            AccountEntry(account_id=a, year=value_date.year, value_date=value_date, component=c,
                         kind=EntryKind.PAYOUT, amount=amount, created_by=actor) for a, c, amount in entries],
            batch_size=5000)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO funds_accountentry (account_id, year, value_date, component, kind, amount, source_kind, "
            "created_at, created_by_id) SELECT e.account_id, %s, %s, e.component, %s, e.amount, '', %s, %s "
            "FROM unnest(%s::bigint[], %s::text[], %s::numeric[]) AS e(account_id, component, amount)",
            [value_date.year, value_date, EntryKind.PAYOUT, timezone.now(), getattr(actor, "pk", None),
             [a for a, _c, _x in entries], [c for _a, c, _x in entries], [x for _a, _c, x in entries]])


@transaction.atomic
def account_pay_out(*, actor, debits: list[tuple[int, Decimal]], value_date: datetime.date,
                    reason: str = "") -> dict[int, Decimal]:
    """Debit each (resident_id, amount), capped at the account's balance, as payout entries by component dated
    `value_date`. Returns {resident_id: amount actually debited}. One log row for the batch."""
    wanted = {rid: Decimal(amount) for rid, amount in debits if amount and Decimal(amount) > 0}
    balances = _component_balances(wanted)
    entries, paid = [], {}
    for rid, amount in wanted.items():
        account_id, parts = balances.get(rid, (None, {}))
        take = min(amount, sum(parts.values(), ZERO))
        split = _split(take, parts)
        paid[rid] = sum((share for _c, share in split), ZERO)
        entries += [(account_id, c, -share) for c, share in split]
    _insert_payouts(entries, value_date=value_date, actor=actor)
    if entries:
        first = IndividualAccount.objects.get(pk=entries[0][0])
        log_operation(actor=actor, action="account.pay_out", obj=first, reason=reason,
                      after={"accounts": len(paid), "entries": len(entries),
                             "total": str(sum(paid.values(), ZERO)), "value_date": value_date.isoformat()})
    return paid


@transaction.atomic
def account_close_out(*, actor, resident_id: int, value_date: datetime.date, reason: str) -> dict[str, Decimal]:
    """Pay out the whole remaining balance of one account, component by component (the caller decides what of it
    goes to the person and what back to the governments). Returns {component: amount taken}."""
    balances = _component_balances([resident_id])
    account_id, parts = balances.get(resident_id, (None, {}))
    if not parts:
        return {}
    AccountEntry.objects.bulk_create([
        AccountEntry(account_id=account_id, year=value_date.year, value_date=value_date, component=c,
                     kind=EntryKind.PAYOUT, amount=-amount, created_by=actor) for c, amount in parts.items()])
    log_operation(actor=actor, action="account.close_out", obj=IndividualAccount.objects.get(pk=account_id),
                  reason=reason, after={c: str(a) for c, a in parts.items()})
    return parts
