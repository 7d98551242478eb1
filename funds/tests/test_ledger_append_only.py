"""Issue 10 item 8: the ledger is append-only in the database itself, like the operation log and approved
contributions. A correction is a new entry (a reversal), never an UPDATE or DELETE."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from funds.models import AccountEntry
from funds.tests.ledger import credit_contribution

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def entry(make_contribution, resident_a, officer):
    c = make_contribution(resident_a, status="approved")
    return credit_contribution(contribution=c, actor=officer)[0]


@pytest.mark.db_owner("the trigger refuses even the tables' owner (the application role is refused sooner)")
def test_an_update_on_an_account_entry_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE funds_accountentry SET amount = amount + 100 WHERE id = %s", [entry.pk])
    assert "append-only" in str(exc.value)
    entry.refresh_from_db()
    assert entry.amount == Decimal("300.00")


def test_the_orm_cannot_edit_or_delete_an_account_entry_either(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccountEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        AccountEntry.objects.filter(pk=entry.pk).delete()
    assert AccountEntry.objects.filter(pk=entry.pk, amount=Decimal("300.00")).exists()
