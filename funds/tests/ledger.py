"""Crediting and reversing a contribution in funds' tests as collection does: the ledger takes plain data
(resident, township, value date, amounts by component, source kind and id)."""

from funds.models import AccountEntry, SourceKind
from funds.services import account_credit, account_reverse


def credit_contribution(*, contribution, actor):
    return account_credit(
        actor=actor, resident=contribution.resident, township_id=contribution.resident.township_id,
        value_date=contribution.paid_on, amounts=contribution.amounts_by_component(),
        source_kind=SourceKind.CONTRIBUTION, source_id=contribution.pk, for_year=contribution.year,
        area=contribution.village,
    )


def reverse_contribution(*, contribution, actor, reason, on_date):
    return account_reverse(actor=actor, source_kind=SourceKind.CONTRIBUTION, source_id=contribution.pk,
                           reason=reason, on_date=on_date, area=contribution.village)


def entries_of(contribution):
    return AccountEntry.objects.filter(source_kind=SourceKind.CONTRIBUTION, source_id=contribution.pk)
