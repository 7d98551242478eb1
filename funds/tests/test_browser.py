"""Browser journey in Debian's Chromium: county finance uploads the cooperative's voucher workbook, first
with a wrong row (nothing is recorded, the row is named in Chinese), then corrected; the day then
reconciles."""

import datetime

import pytest

from funds.models import Deposit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_finance_uploads_vouchers_and_the_day_reconciles(live_server, chromium, county, township_a, village_a,
                                                         make_resident, tmp_path, settings):
    from openpyxl import Workbook

    from collection.models import Contribution
    from pension.models import Post, User

    settings.AXES_ENABLED = False
    clerk = User.objects.create_user("clerk", password="pw-for-tests-123", post=Post.TOWNSHIP_CLERK, area=township_a)
    User.objects.create_user("fin", password="pw-for-tests-123", post=Post.COUNTY_FINANCE, area=county)
    resident = make_resident(village_a, name="张三", enrolled=True)
    Contribution.objects.create(resident=resident, township_id=resident.township_id, village_id=resident.village_id,
                                year=2026, grade=300, personal_amount=300, channel="cash", receipt_number="0001",
                                paid_on=datetime.date(2026, 3, 2), maker=clerk)

    def workbook(name, amount_cell):
        wb = Workbook()
        ws = wb.active
        ws.append(["日期", "乡镇代码", "金额", "凭证号"])
        ws.append([datetime.date(2026, 3, 2), township_a.code, amount_cell, "XYS-0302-1"])
        path = tmp_path / name
        wb.save(path)
        return str(path)

    page = chromium.new_page(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "fin")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    page.get_by_role("link", name="导入入库凭证").first.click()
    page.set_input_files("input[type=file]", workbook("bad.xlsx", "三百"))
    page.get_by_role("button", name="导入").click()
    page.wait_for_selector("#row-errors")
    assert "没有登记任何凭证" in page.content()
    assert "金额不是数字" in page.inner_text("#row-errors")
    assert not Deposit.objects.exists()
    page.set_input_files("input[type=file]", workbook("good.xlsx", 300))
    page.get_by_role("button", name="导入").click()
    page.wait_for_selector("#deposits")
    assert "已全部登记" in page.content() and "XYS-0302-1" in page.inner_text("#deposits")
    page.goto(live_server.url + f"/funds/reconciliation/?township={township_a.code}&date=2026-03-02")
    assert "已平" in page.inner_text("#difference")
    assert Deposit.objects.get().amount == 300
