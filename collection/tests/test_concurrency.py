"""Fifty identical submissions at once leave exactly one contribution (row lock + partial unique index)."""

import datetime
import threading

import pytest
from django.db import connection

from collection import services
from collection.models import Contribution
from pension.errors import Conflict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_identical_submissions_leave_exactly_one_row(clerk_a, payer, book_a):
    barrier = threading.Barrier(50)
    outcomes, lock = [], threading.Lock()

    def submit():
        try:
            barrier.wait()
            services.contribution_enter(actor=clerk_a, resident=payer, year=2026, grade="300", channel="cash",
                                        receipt_number="26010001", paid_on=datetime.date(2026, 3, 2))
            result = "saved"
        except Conflict:
            result = "conflict"
        except Exception as exc:  # anything else is a bug the test must show
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(outcomes)) == ["conflict", "saved"], outcomes
    assert outcomes.count("saved") == 1
    assert Contribution.objects.filter(resident=payer).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_entries_for_different_people_cannot_share_a_receipt(clerk_a, make_resident, village_a, book_a):
    people = [make_resident(village_a, name=f"甲{i}", enrolled=True) for i in range(20)]
    barrier = threading.Barrier(len(people))
    outcomes, lock = [], threading.Lock()

    def submit(resident):
        try:
            barrier.wait()
            services.contribution_enter(actor=clerk_a, resident=resident, year=2026, grade="300", channel="cash",
                                        receipt_number="26010009", paid_on=datetime.date(2026, 3, 2))
            result = "saved"
        except Conflict:
            result = "conflict"
        except Exception as exc:
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("saved") == 1 and outcomes.count("conflict") == 19, outcomes
    assert Contribution.objects.filter(receipt_number="26010009").count() == 1
