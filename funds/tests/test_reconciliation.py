import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from funds.models import Deposit

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def day_a(make_contribution, resident_a, make_resident, village_a, finance, township_a):
    """Township A on 2 March: three cash contributions (one reversed), one bank one, two vouchers."""
    other = make_resident(village_a, name="王五", enrolled=True)
    third = make_resident(village_a, name="赵六", enrolled=True)
    make_contribution(resident_a, personal="300.00", receipt_number="0001", subsidy_county="40.00")
    make_contribution(other, personal="500.00", receipt_number="0002", status="approved", collective_amount="50")
    make_contribution(third, personal="200.00", receipt_number="0003", status="reversed")
    make_contribution(third, personal="1000.00", channel="bank", year=2025)
    Deposit.objects.create(township=township_a, date=DAY, amount=Decimal("300.00"), voucher_number="V1",
                           source="api", created_by=finance)
    Deposit.objects.create(township=township_a, date=DAY, amount=Decimal("400.00"), voucher_number="V2",
                           source="api", created_by=finance)


def test_day_compares_personal_cash_not_reversed_with_deposits(api, officer, day_a, township_a):
    r = api(officer).get(f"/api/v1/reconciliation/?township={township_a.code}&date=2026-03-02")
    assert r.status_code == 200
    data = r.json()
    assert data["collected"] == "800.00"  # 300 + 500; reversed and bank withholding excluded, subsidies not cash
    assert data["collected_count"] == 2
    assert data["deposited"] == "700.00" and data["deposit_count"] == 2
    assert data["difference"] == "100.00" and data["balanced"] is False
    assert sorted(c["receipt_number"] for c in data["contributions"]) == ["0001", "0002"]
    assert all("*" in c["id_number"] for c in data["contributions"])


def test_day_balances_once_the_rest_is_deposited(api, finance, officer, day_a, township_a):
    Deposit.objects.create(township=township_a, date=DAY, amount=Decimal("100.00"), voucher_number="V3",
                           source="api", created_by=finance)
    data = api(officer).get(f"/api/v1/reconciliation/?township={township_a.code}&date=2026-03-02").json()
    assert data["difference"] == "0.00" and data["balanced"] is True


def test_clerk_of_township_b_gets_404_on_township_a_reconciliation(api, web, clerk_b, day_a, township_a):
    r = api(clerk_b).get(f"/api/v1/reconciliation/?township={township_a.code}&date=2026-03-02")
    assert r.status_code == 404
    assert web(clerk_b).get(f"/funds/reconciliation/?township={township_a.code}&date=2026-03-02").status_code == 404


def test_clerk_of_township_a_reads_own_reconciliation_page_in_chinese(web, clerk_a, day_a, township_a):
    r = web(clerk_a).get(f"/funds/reconciliation/?township={township_a.code}&date=2026-03-02")
    assert r.status_code == 200
    page = r.content.decode()
    assert "日清" in page or "对账" in page
    assert "¥100.00" in page
    assert [(d.date, d.difference) for d in r.context["differences"]] == [(DAY, Decimal("100.00"))]


def test_reconciliation_needs_township_and_a_real_date(api, officer, township_a):
    assert api(officer).get("/api/v1/reconciliation/?date=2026-03-02").status_code == 400
    r = api(officer).get(f"/api/v1/reconciliation/?township={township_a.code}&date=2026-02-31")
    assert r.status_code == 400 and "date" in r.json()["errors"]


def test_village_assistant_and_admin_cannot_read_reconciliation(api, assistant_a, admin_user, township_a):
    for user in (assistant_a, admin_user):
        assert api(user).get(f"/api/v1/reconciliation/?township={township_a.code}&date=2026-03-02").status_code == 403


def test_auditor_reads_reconciliation_and_closing_but_writes_nothing(api, web, auditor, day_a, township_a):
    assert api(auditor).get(f"/api/v1/reconciliation/?township={township_a.code}&date=2026-03-02").status_code == 200
    assert web(auditor).get("/funds/closing/?month=2026-03").status_code == 200
    assert api(auditor).post("/api/v1/deposits/", {}, format="json", HTTP_IDEMPOTENCY_KEY="x").status_code == 403


def test_month_end_closing_excel_lists_townships_days_and_vouchers(web, officer, day_a, township_a):
    r = web(officer).get("/funds/closing/export/?month=2026-03")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True)
    summary = list(wb.worksheets[0].iter_rows(values_only=True))
    row_a = next(row for row in summary if row[0] == township_a.code)
    assert row_a[2:8] == (2, Decimal("800.00"), 2, Decimal("700.00"), Decimal("100.00"), 1) or \
        [float(x) for x in row_a[2:8]] == [2, 800, 2, 700, 100, 1]
    days = list(wb.worksheets[1].iter_rows(values_only=True))
    assert any(row[1] == township_a.code and float(row[5]) == 100 for row in days[2:])
    vouchers = [row[3] for row in list(wb.worksheets[2].iter_rows(values_only=True))[2:]]
    assert sorted(vouchers) == ["V1", "V2"]


def test_clerk_closing_export_holds_only_own_township(web, clerk_b, day_a, township_a, township_b):
    r = web(clerk_b).get("/funds/closing/export/?month=2026-03")
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True)
    codes = {row[0] for row in list(wb.worksheets[0].iter_rows(values_only=True))[2:] if row[0]}
    assert codes == {township_b.code}
    vouchers = list(wb.worksheets[2].iter_rows(values_only=True))[2:]
    assert vouchers == []
