"""Writes of individual accounts. Called by collection when a contribution is approved or reversed."""

from django.db import transaction

from pension.oplog import log_operation

from .models import CONTRIBUTION_COMPONENTS, AccountEntry, EntryKind, IndividualAccount


def _account_for(resident, *, opened_on) -> IndividualAccount:
    account, _created = IndividualAccount.objects.get_or_create(
        resident=resident, defaults={"township_id": resident.township_id, "opened_on": opened_on}
    )
    return account


@transaction.atomic
def account_credit_contribution(*, contribution, actor) -> list[AccountEntry]:
    """Credit an approved contribution to the resident's account, one entry per non-zero component.
    Value date is the day the money was paid: interest counts from then."""
    account = _account_for(contribution.resident, opened_on=contribution.paid_on)
    entries = [
        AccountEntry(
            account=account,
            year=contribution.paid_on.year,
            value_date=contribution.paid_on,
            component=component,
            kind=EntryKind.CREDIT,
            amount=getattr(contribution, field),
            contribution=contribution,
            created_by=actor,
        )
        for field, component in CONTRIBUTION_COMPONENTS.items()
        if getattr(contribution, field)
    ]
    AccountEntry.objects.bulk_create(entries)
    log_operation(
        actor=actor,
        action="account.credit",
        obj=account,
        after={"contribution": contribution.pk, "amounts": {e.component: str(e.amount) for e in entries}},
        area=contribution.village,
    )
    return entries


@transaction.atomic
def account_reverse_contribution(*, contribution, actor, reason: str, on_date) -> list[AccountEntry]:
    """Post the mirror image of a contribution's credits (never deleting them)."""
    credits = list(AccountEntry.objects.filter(contribution=contribution, kind=EntryKind.CREDIT))
    entries = [
        AccountEntry(
            account_id=c.account_id,
            year=on_date.year,
            value_date=on_date,
            component=c.component,
            kind=EntryKind.REVERSAL,
            amount=-c.amount,
            contribution=contribution,
            created_by=actor,
        )
        for c in credits
    ]
    AccountEntry.objects.bulk_create(entries)
    if credits:
        log_operation(
            actor=actor,
            action="account.reverse",
            obj=credits[0].account,
            after={"contribution": contribution.pk, "amounts": {e.component: str(e.amount) for e in entries}},
            reason=reason,
            area=contribution.village,
        )
    return entries
