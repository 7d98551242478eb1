"""The operation log: written inside the write's transaction, masks secrets, append-only on PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from pension.models import OperationLog
from pension.oplog import log_operation, snapshot
from pension.services import staff_create


@pytest.mark.django_db(transaction=True)
def test_log_operation_refuses_to_run_outside_a_transaction(county):
    with pytest.raises(RuntimeError):
        log_operation(actor=None, action="test.outside", obj=county)
    assert not OperationLog.objects.filter(action="test.outside").exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_write_leaves_no_log_row(county):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        log_operation(actor=None, action="test.rolled_back", obj=county)
        1 / 0  # noqa: B018 - the write fails after its log row
    assert not OperationLog.objects.filter(action="test.rolled_back").exists()


def test_snapshot_fingerprints_id_numbers_and_birth_dates_and_masks_bank_accounts(make_resident, village_a):
    resident = make_resident(village_a, bank_account="6230123456781234")
    data = snapshot(resident, ["name", "id_number", "birth_date", "bank_account", "village"])
    assert data["id_number"].startswith("fp:") and data["birth_date"].startswith("fp:")
    for part in (resident.id_number[:6], resident.id_number[-4:], str(resident.birth_date.year)):
        assert part not in data["id_number"] + data["birth_date"]
    # Equal values, equal fingerprints: the log still shows whether the number changed.
    assert snapshot(resident, ["id_number"])["id_number"] == data["id_number"]
    assert data["bank_account"].endswith("1234") and "62301234" not in data["bank_account"]
    assert data["village"] == village_a.pk
    assert set(data) == {"name", "id_number", "birth_date", "bank_account", "village"}


def test_staff_create_writes_its_log_row(county, admin_user):
    # Only the administrator creates accounts in the application (issue 11 item 8); the shell command has no actor.
    user = staff_create(username="new_clerk", password="a-long-pass-123", post="auditor", area_code=county.code,
                        actor=admin_user)
    entry = OperationLog.objects.get(action="staff.create", object_id=str(user.pk))
    assert entry.actor == admin_user
    assert entry.after["post"] == "auditor"
    assert "password" not in entry.after


@pytest.mark.postgres
@pytest.mark.db_owner("the trigger refuses even the tables' owner (the application role is refused sooner)")
def test_postgres_trigger_refuses_update_and_delete_of_the_operation_log(county):
    entry = OperationLog.objects.filter(action="areas.load_county").get()
    for statement in (
        "UPDATE pension_operationlog SET reason = 'rewritten' WHERE id = %s",
        "DELETE FROM pension_operationlog WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(statement, [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        OperationLog.objects.filter(pk=entry.pk).update(reason="via the ORM")
    entry.refresh_from_db()
    assert entry.reason == ""
