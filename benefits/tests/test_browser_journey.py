"""The whole month in a browser (Playwright): the township proposes from the newly-of-age list, the county
approves, a county officer generates the payroll, finance approves it and downloads the bank file, and the bank's
return file is uploaded, marking the failed line."""

import datetime

import pytest
from openpyxl import Workbook, load_workbook

from benefits.models import Award, Payroll, PayrollLine

THIS = datetime.date.today().replace(day=1)


def _login(page, url, username, path):
    page.context.clear_cookies()
    page.goto(f"{url}{path}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-123")
    page.press("#id_password", "Enter")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_township_proposes_county_approves_payroll_generated_bank_file_downloaded_returns_uploaded(
        live_server, chromium, clerk_a, officer, officer2, finance, make_resident, make_recipient, village_a,
        credit_years, tmp_path):
    from playwright.sync_api import expect

    nxt = (THIS + datetime.timedelta(days=32)).replace(day=1)
    newcomer = make_resident(village_a, name="孙新到", birth=nxt.replace(year=nxt.year - 60, day=8))
    credit_years(newcomer, range(2005, 2022), maker=officer)
    already = make_recipient(village_a, start_month=THIS)  # someone the payroll pays this month

    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    # 1. The township clerk rebuilds next month's list and proposes the award.
    _login(page, live_server.url, "clerk_a", f"/benefits/due/?month={nxt:%Y-%m}")
    page.click("#build")
    expect(page.locator("#due")).to_contain_text("孙新到")
    page.click("button.propose")
    expect(page.locator("#monthly")).to_be_visible()
    award = Award.objects.get(resident=newcomer)
    assert award.status == "proposed"

    # 2. A county officer approves it (the proposer was the clerk).
    _login(page, live_server.url, "officer2", f"/benefits/awards/{award.pk}/")
    page.click("#approve")
    expect(page.locator("#approve")).to_have_count(0)  # the page came back: approved, nothing left to check
    award.refresh_from_db()
    assert award.status == "approved"

    # 3. Another county officer generates this month's payroll.
    _login(page, live_server.url, "officer", "/benefits/payrolls/")
    page.fill("#month", f"{THIS:%Y-%m}")
    page.click("#generate")
    expect(page.locator("#lines")).to_contain_text(already.resident.name)
    payroll = Payroll.objects.get(month=THIS, batch=1)
    expect(page.locator("#approve")).to_have_count(0)  # the maker is not offered approval

    # 4. Finance approves and downloads the bank file.
    _login(page, live_server.url, "finance", f"/benefits/payrolls/{payroll.pk}/")
    page.click("#approve")
    expect(page.locator("#bank-xlsx")).to_be_visible()
    with page.expect_download() as download_info:
        page.click("#bank-xlsx")
    path = tmp_path / "bank.xlsx"
    download_info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "流水号" and len(rows) == 2

    # 5. The bank's return file says the line failed; uploading it marks it.
    line_id = rows[1][0]
    wb = Workbook()
    wb.active.append(["流水号", "结果", "失败原因"])
    wb.active.append([line_id, "失败", "账号不存在"])
    returns = tmp_path / "returns.xlsx"
    wb.save(returns)
    page.set_input_files("#returns-file", str(returns))
    page.click("#upload-returns")
    expect(page.locator("#lines")).to_contain_text("账号不存在")
    line = PayrollLine.objects.get(pk=line_id)
    assert line.status == "failed" and line.failure_reason == "账号不存在"
    assert Payroll.objects.get(pk=payroll.pk).status == "returned"
