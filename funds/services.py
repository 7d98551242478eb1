"""Writes of individual accounts: the ledger takes plain data (resident, township, value date, amounts by
component, the source's kind and id) and knows nothing of contributions; collection maps a contribution to
components and calls `account_credit` / `account_reverse` when one is approved or reversed.

Interest posting lives in `funds.interest` (a package: rule, engines, posting), deposits in `funds.deposits`;
both are re-exported here so callers have one place to import the funds services from.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from enrollment import selectors as enrollment_selectors
from pension.oplog import log_operation

from .interest.posting import postings_wait_from
from .interest.rule import interest_earned_by_year
from .models import (
    AccountEntry,
    Component,
    EntryKind,
    IndividualAccount,
    InterestPosting,
)


def _account_for(resident, *, township_id: int, opened_on) -> IndividualAccount:
    account, _created = IndividualAccount.objects.get_or_create(
        resident=resident, defaults={"township_id": township_id, "opened_on": opened_on}
    )
    return account


@transaction.atomic
def account_credit(
    *, actor, resident, township_id: int, value_date: datetime.date, amounts: list[tuple[str, Decimal]],
    source_kind: str, source_id: int, for_year: int | None = None, area=None,
) -> list[AccountEntry]:
    """Credit money from one source (kind and id, e.g. an approved contribution) to the resident's account,
    one entry per non-zero (component, amount) pair, in the order given. `for_year` is the contribution year
    the money counts for (a back payment counts for an earlier year than it was paid in).

    Value date is the day the money was paid: interest counts from then. Crediting the same source
    again returns the entries already made (a database constraint forbids a second set).
    If the year the money was paid is already closed by an interest posting (a late approval), the
    interest those closed years would have paid on it is credited at once as one catch-up entry, dated
    31 December of the last posted year, so a late approval never costs the resident interest.
    """
    source = {"source_kind": source_kind, "source_id": source_id}
    existing = list(AccountEntry.objects.filter(**source, kind=EntryKind.CREDIT))
    if existing:
        return existing
    postings_wait_from(value_date.year)
    account = _account_for(resident, township_id=township_id, opened_on=value_date)
    entries = [
        AccountEntry(account=account, year=value_date.year, value_date=value_date, component=component,
                     kind=EntryKind.CREDIT, amount=amount, for_year=for_year, created_by=actor, **source)
        for component, amount in amounts
        if amount
    ]
    catch_up = _catch_up_interest(amount=sum((e.amount for e in entries), Decimal("0.00")), value_date=value_date,
                                  resident_id=resident.pk)
    if catch_up is not None:
        year, interest = catch_up
        entries.append(
            AccountEntry(account=account, year=year, value_date=datetime.date(year, 12, 31),
                         component=Component.INTEREST, kind=EntryKind.INTEREST, amount=interest, created_by=actor,
                         **source)
        )
    AccountEntry.objects.bulk_create(entries)
    log_operation(
        actor=actor,
        action="account.credit",
        obj=account,
        after={source_kind: source_id, "amounts": {e.component: str(e.amount) for e in entries}},
        area=area,
    )
    return entries


def _catch_up_interest(*, amount: Decimal, value_date: datetime.date,
                       resident_id: int) -> tuple[int, Decimal] | None:
    """(last posted year, interest) that already-posted years owe on `amount` credited at `value_date`,
    with each posting's own rate, month rule and rounding, and none after the month of the resident's death
    (as the posting computed it); None when no posted year covers it."""
    postings = list(InterestPosting.objects.filter(year__gte=value_date.year).order_by("year"))
    if not amount or not postings:
        return None
    death = enrollment_selectors.death_dates_of(resident_ids=[resident_id]).get(resident_id)
    earned = interest_earned_by_year(amount=amount, value_date=value_date, postings=postings, death_date=death)
    total = sum((interest for _year, interest in earned), Decimal("0.00"))
    return (postings[-1].year, total) if total else None


@transaction.atomic
def account_reverse(
    *, actor, source_kind: str, source_id: int, reason: str, on_date: datetime.date, area=None
) -> list[AccountEntry]:
    """Post the mirror image of one source's credits (never deleting them) and take back the interest the
    reversed money earned (issue 10 item 5): the account is left as if the money had never been credited.
    Reversing twice returns the entries already made.

    - Interest of posted years: one negative interest entry (kind reversal, component interest), the amount
      the money earned year by year with each posting's own rate, month rule and rounding (as the catch-up
      of a late approval computes it), dated `on_date` and counting for interest from 31 December of the last
      posted year (where that interest sits in the opening balance of the next year).
    - The years not yet posted: the reversed money earns nothing in them. When the money was credited in a
      year not yet posted, the mirror entries take the credit's own value date; otherwise they are dated
      `on_date` (a posted year's statement cannot change) and count for interest (`interest_from`) from the
      credit's value date, so the next posting leaves the money out from 1 January on.
    """
    source = {"source_kind": source_kind, "source_id": source_id}
    existing = list(AccountEntry.objects.filter(**source, kind=EntryKind.REVERSAL))
    if existing:
        return existing
    credits = list(AccountEntry.objects.filter(**source, kind=EntryKind.CREDIT).select_related("account"))
    if not credits:
        return []
    value_date = credits[0].value_date  # the day the money was paid
    postings_wait_from(value_date.year)  # a posting running now is seen whole, or sees this reversal
    posted_since_credit = InterestPosting.objects.filter(year__gte=value_date.year).exists()
    mirror_date = on_date if posted_since_credit else value_date
    interest_from = value_date if mirror_date != value_date else None
    entries = [
        AccountEntry(account_id=c.account_id, year=mirror_date.year, value_date=mirror_date, component=c.component,
                     kind=EntryKind.REVERSAL, amount=-c.amount, for_year=c.for_year, interest_from=interest_from,
                     created_by=actor, **source)
        for c in credits
    ]
    earned = _catch_up_interest(amount=sum((c.amount for c in credits), Decimal("0.00")), value_date=value_date,
                                resident_id=credits[0].account.resident_id)
    if earned is not None:
        last_posted, interest = earned
        entries.append(AccountEntry(
            account_id=credits[0].account_id, year=on_date.year, value_date=on_date, component=Component.INTEREST,
            kind=EntryKind.REVERSAL, amount=-interest, interest_from=datetime.date(last_posted, 12, 31),
            created_by=actor, **source,
        ))
    AccountEntry.objects.bulk_create(entries)
    log_operation(
        actor=actor,
        action="account.reverse",
        obj=credits[0].account,
        after={source_kind: source_id, "amounts": {e.component: str(e.amount) for e in entries}},
        reason=reason,
        area=area,
    )
    return entries


from .deposits import (  # noqa: E402
    deposit_import,
    deposit_record,
    deposit_reversal_confirm,
    deposit_reversal_propose,
    deposit_reversal_reject,
)
from .interest import (  # noqa: E402
    interest_post_year,
    interest_rate_set,
    interest_run_execute,
    interest_run_request,
    interest_take_back_after_death,
)
from .payouts import account_close_out, account_pay_out  # noqa: E402
from .signoff_reopen import (  # noqa: E402
    day_reopen_confirm,
    day_reopen_reject,
    day_reopen_request,
    day_reopen_withdraw,
)
from .signoffs import day_hold, day_lock_check, day_sign_off  # noqa: E402

__all__ = [
    "account_close_out",
    "account_credit",
    "account_pay_out",
    "account_reverse",
    "day_hold",
    "day_lock_check",
    "day_reopen_confirm",
    "day_reopen_reject",
    "day_reopen_request",
    "day_reopen_withdraw",
    "day_sign_off",
    "deposit_import",
    "deposit_record",
    "deposit_reversal_confirm",
    "deposit_reversal_propose",
    "deposit_reversal_reject",
    "interest_post_year",
    "interest_rate_set",
    "interest_run_execute",
    "interest_run_request",
    "interest_take_back_after_death",
]
