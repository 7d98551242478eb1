"""Scope follows the person: when a resident moves to another township, the account goes with them."""

import datetime

import pytest

from enrollment.models import Resident
from funds import selectors
from funds.models import IndividualAccount

pytestmark = pytest.mark.django_db


def test_moved_residents_account_leaves_the_old_townships_list_and_joins_the_new_one(
    resident_a, village_b, clerk_a, clerk_b
):
    IndividualAccount.objects.create(resident=resident_a, township_id=resident_a.township_id,
                                     opened_on=datetime.date(2020, 3, 1))
    assert list(selectors.account_list(user=clerk_a)) and not list(selectors.account_list(user=clerk_b))
    Resident.objects.filter(pk=resident_a.pk).update(township_id=village_b.township_id, village=village_b)
    assert not list(selectors.account_list(user=clerk_a))
    assert [a.resident_id for a in selectors.account_list(user=clerk_b)] == [resident_a.pk]
