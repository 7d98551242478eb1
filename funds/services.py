"""Writes of individual accounts. Called by collection when a contribution is approved or reversed.

Interest posting lives in `funds.interest`, deposits in `funds.deposits`; both are re-exported here so
callers have one place to import the funds services from.
"""

import datetime
from decimal import Decimal

from django.db import connection, transaction

from pension.oplog import log_operation

from .models import (
    CONTRIBUTION_COMPONENTS,
    AccountEntry,
    Component,
    EntryKind,
    IndividualAccount,
    InterestPosting,
)


def _account_for(resident, *, opened_on) -> IndividualAccount:
    account, _created = IndividualAccount.objects.get_or_create(
        resident=resident, defaults={"township_id": resident.township_id, "opened_on": opened_on}
    )
    return account


def contribution_components(contribution) -> list[tuple[str, Decimal]]:
    """The non-zero (component, amount) pairs of a contribution, in a fixed order."""
    return [
        (component, getattr(contribution, field))
        for field, component in CONTRIBUTION_COMPONENTS.items()
        if getattr(contribution, field)
    ]


@transaction.atomic
def account_credit_contribution(*, contribution, actor) -> list[AccountEntry]:
    """Credit an approved contribution to the resident's account, one entry per non-zero component.

    Value date is the day the money was paid: interest counts from then. Crediting the same contribution
    again returns the entries already made (a database constraint forbids a second set).
    If the year the money was paid is already closed by an interest posting (a late approval), the
    interest those closed years would have paid on it is credited at once as one catch-up entry, dated
    31 December of the last posted year, so a late approval never costs the resident interest.
    """
    existing = list(AccountEntry.objects.filter(contribution=contribution, kind=EntryKind.CREDIT))
    if existing:
        return existing
    _wait_for_postings_from(contribution.paid_on.year)
    account = _account_for(contribution.resident, opened_on=contribution.paid_on)
    entries = [
        AccountEntry(
            account=account,
            year=contribution.paid_on.year,
            value_date=contribution.paid_on,
            component=component,
            kind=EntryKind.CREDIT,
            amount=amount,
            contribution=contribution,
            created_by=actor,
        )
        for component, amount in contribution_components(contribution)
    ]
    catch_up = _catch_up_interest(
        amount=sum((e.amount for e in entries), Decimal("0.00")), value_date=contribution.paid_on
    )
    if catch_up is not None:
        year, interest = catch_up
        entries.append(
            AccountEntry(
                account=account,
                year=year,
                value_date=datetime.date(year, 12, 31),
                component=Component.INTEREST,
                kind=EntryKind.INTEREST,
                amount=interest,
                contribution=contribution,
                created_by=actor,
            )
        )
    AccountEntry.objects.bulk_create(entries)
    log_operation(
        actor=actor,
        action="account.credit",
        obj=account,
        after={"contribution": contribution.pk, "amounts": {e.component: str(e.amount) for e in entries}},
        area=contribution.village,
    )
    return entries


def _wait_for_postings_from(year: int) -> None:
    """Share-lock the rate rows of `year` and later. A posting holds its year's row FOR UPDATE while it
    runs, so a credit either waits for it and then sees it (and gets catch-up interest), or commits
    before the posting's INSERT … SELECT starts and is counted by it: never neither."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM funds_interestrate WHERE year >= %s FOR SHARE", [year])


def _catch_up_interest(*, amount: Decimal, value_date: datetime.date) -> tuple[int, Decimal] | None:
    """(last posted year, interest) that already-posted years owe on `amount` credited at `value_date`,
    with each posting's own rate, month rule and rounding; None when no posted year covers it."""
    from .interest import interest_on

    postings = list(InterestPosting.objects.filter(year__gte=value_date.year).order_by("year"))
    if not amount or not postings:
        return None
    balance, total = amount, Decimal("0.00")
    for posting in postings:
        if posting.year == value_date.year:
            earned = interest_on(opening=Decimal(0), movements=[(value_date, balance)], posting=posting)
        else:
            earned = interest_on(opening=balance, movements=[], posting=posting)
        balance += earned
        total += earned
    return (postings[-1].year, total) if total else None


@transaction.atomic
def account_reverse_contribution(*, contribution, actor, reason: str, on_date) -> list[AccountEntry]:
    """Post the mirror image of a contribution's credits (never deleting them) and take back the interest the
    reversed money earned (issue 10 item 5). Reversing twice returns the entries already made.

    - Interest of posted years: one negative interest entry (kind reversal, component interest), the amount
      the money earned year by year with each posting's own rate, month rule and rounding (as the catch-up
      of a late approval computes it), dated `on_date`.
    - The year not yet posted: when the money was credited in a year not yet posted, the mirror entries take
      the credit's own value date, so the coming posting sees nothing of it; otherwise they are dated
      `on_date`, and the months of the current year before `on_date` still count at the next posting
      (the mirror entry cannot be back-dated into a closed year without changing its statement).
    """
    existing = list(AccountEntry.objects.filter(contribution=contribution, kind=EntryKind.REVERSAL))
    if existing:
        return existing
    credits = list(AccountEntry.objects.filter(contribution=contribution, kind=EntryKind.CREDIT))
    if not credits:
        return []
    value_date = contribution.paid_on
    posted_since_credit = InterestPosting.objects.filter(year__gte=value_date.year).exists()
    mirror_date = on_date if posted_since_credit else value_date
    entries = [
        AccountEntry(
            account_id=c.account_id,
            year=mirror_date.year,
            value_date=mirror_date,
            component=c.component,
            kind=EntryKind.REVERSAL,
            amount=-c.amount,
            contribution=contribution,
            created_by=actor,
        )
        for c in credits
    ]
    earned = _catch_up_interest(amount=sum((c.amount for c in credits), Decimal("0.00")), value_date=value_date)
    if earned is not None:
        entries.append(AccountEntry(
            account_id=credits[0].account_id, year=on_date.year, value_date=on_date, component=Component.INTEREST,
            kind=EntryKind.REVERSAL, amount=-earned[1], contribution=contribution, created_by=actor,
        ))
    AccountEntry.objects.bulk_create(entries)
    log_operation(
        actor=actor,
        action="account.reverse",
        obj=credits[0].account,
        after={"contribution": contribution.pk, "amounts": {e.component: str(e.amount) for e in entries}},
        reason=reason,
        area=contribution.village,
    )
    return entries


from .deposits import (  # noqa: E402
    deposit_import,
    deposit_record,
    deposit_reversal_confirm,
    deposit_reversal_propose,
    deposit_reversal_reject,
)
from .interest import interest_post_year, interest_rate_set, interest_run_execute, interest_run_request  # noqa: E402
from .payouts import account_close_out, account_pay_out  # noqa: E402

__all__ = [
    "account_close_out",
    "account_pay_out",
    "account_credit_contribution",
    "account_reverse_contribution",
    "deposit_import",
    "deposit_record",
    "deposit_reversal_confirm",
    "deposit_reversal_propose",
    "deposit_reversal_reject",
    "interest_post_year",
    "interest_rate_set",
    "interest_run_execute",
    "interest_run_request",
]
