"""Issue 10 item 1: the contribution import applies the same age, back-payment and payment-date checks as the
entry form and the API (collection/eligibility.py), row by row, and saves nothing when a row breaks one."""

import datetime

import pytest
from django.utils import translation
from openpyxl import load_workbook

from collection.models import Contribution, ImportStatus
from collection.services import imports
from collection.tests.test_import import run_import, workbook

pytestmark = pytest.mark.django_db


def _reasons(run):
    ws = load_workbook(run.error_file.path, read_only=True).active
    return {row[0]: row[-1] for row in list(ws.iter_rows(values_only=True))[2:]}


@pytest.mark.parametrize("temp_table_from", [1, 10_000], ids=["temp-table", "in-lists"])
def test_import_refuses_the_66_year_old_and_the_20_year_old_back_payment_like_the_entry_form(
        clerk_a, township_a, book_a, make_resident, village_a, temp_table_from, monkeypatch):
    monkeypatch.setattr(imports.RowValidator, "TEMP_TABLE_FROM", temp_table_from)
    fine = make_resident(village_a, name="张中年", enrolled=True, birth=datetime.date(1975, 5, 1))
    old = make_resident(village_a, name="刘老汉", enrolled=True, birth=datetime.date(1960, 2, 1))
    young = make_resident(village_a, name="小李", enrolled=True, birth=datetime.date(2006, 5, 1))
    rows = [
        [fine.id_number, fine.name, 2026, 300, "现金", "26010001", datetime.date(2026, 3, 2)],
        [old.id_number, old.name, 2026, 300, "现金", "26010002", datetime.date(2026, 3, 2)],   # 66: no yearly pay
        [young.id_number, young.name, 2025, 300, "银行代扣", "", datetime.date(2026, 3, 2)],   # 20: no back pay
    ]
    with translation.override("zh-hans"):
        run = run_import(clerk_a, township_a, workbook(rows))
    assert run.status == ImportStatus.REJECTED and run.error_rows == 2
    assert not Contribution.objects.exists()
    reasons = _reasons(run)
    assert set(reasons) == {3, 4}
    assert "60" in reasons[3] and "待遇" in reasons[3]
    assert "补缴" in reasons[4]


def test_import_refuses_a_payment_date_before_the_receipt_book_was_issued(clerk_a, township_a, book_a,
                                                                          make_resident, village_a):
    payer = make_resident(village_a, name="张中年", enrolled=True, birth=datetime.date(1975, 5, 1))
    rows = [[payer.id_number, payer.name, 2026, 300, "现金", "26010001", datetime.date(2026, 1, 1)]]
    with translation.override("zh-hans"):
        run = run_import(clerk_a, township_a, workbook(rows))
    assert run.status == ImportStatus.REJECTED
    assert "2026-01-02" in _reasons(run)[2]  # the book was issued on 2 January (conftest)


def test_import_refuses_a_payment_date_before_enrolment(clerk_a, township_a, book_a, make_resident, village_a):
    from enrollment.models import Enrollment

    payer = make_resident(village_a, name="张新", enrolled=True, birth=datetime.date(1975, 5, 1))
    Enrollment.objects.filter(resident=payer).update(enrolled_on=datetime.date(2026, 4, 1))
    rows = [[payer.id_number, payer.name, 2026, 300, "银行代扣", "", datetime.date(2026, 3, 2)]]
    run = run_import(clerk_a, township_a, workbook(rows))
    assert run.status == ImportStatus.REJECTED and "2026-04-01" in _reasons(run)[2]
