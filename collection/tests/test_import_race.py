"""Excel import: a contribution entered at the counter while the file was being checked. The file's rows were
checked against the database as it was; the write then collides on a unique index, and the run says so and
saves nothing (the database's refusal is classified by the constraint's name, pension.errors.violated_constraint)."""

import datetime

import pytest

from collection.models import Contribution, ImportStatus
from collection.services.imports import run as import_run
from collection.tests.workbooks import run_import, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_contribution_entered_while_the_file_was_checked_fails_the_run_and_saves_nothing(
        clerk_a, township_a, book_a, make_resident, village_a, enter, monkeypatch):
    people = [make_resident(village_a, name=f"居民{i}", enrolled=True) for i in range(2)]
    write = import_run.write_contributions

    def counter_enters_first(values, **kw):  # the clerk at the counter is quicker than the file's write
        enter(people[0], channel="bank")
        write(values, **kw)

    monkeypatch.setattr(import_run, "write_contributions", counter_enters_first)
    rows = [[p.id_number, p.name, 2026, 300, "银行代扣", "", datetime.date(2026, 3, 2)] for p in people]
    run = run_import(clerk_a, township_a, workbook(rows))
    assert run.status == ImportStatus.FAILED
    assert "Nothing was saved" in run.message or "没有保存" in run.message
    assert not Contribution.objects.exists()
