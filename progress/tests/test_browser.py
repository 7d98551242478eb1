"""End to end in Debian's Chromium: the county officer opens the dashboard, sees the ranking and the charts,
and drills down from a township to a village's work list."""

import os

import pytest
from django.test import Client

from progress.services import progress_compute


def login(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_county_officer_drills_down_from_the_dashboard_to_a_village_work_list(
    live_server, chromium, campaign, targets, officer, township_a, village_a, year
):
    from .test_dashboard_truths import in_campaign

    in_campaign(year)  # out of the campaign the dashboard gives the final standing (issue 11 item 10)
    progress_compute(year=year)
    page = login(chromium, live_server, officer)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/progress/?year={year}")
    assert page.locator("h1").inner_text() == f"{year}年度征缴进度"
    page.wait_for_selector("body[data-charts='2']")
    if os.environ.get("PROGRESS_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PROGRESS_SCREENSHOTS"], "dashboard.png"), full_page=True)
    assert page.locator("#ranking-chart canvas").count() == 1 and page.locator("#trend-chart canvas").count() == 1
    row = page.locator("#ranking tbody tr", has_text=township_a.name)
    assert "严重滞后" in row.inner_text()

    row.get_by_role("link", name=township_a.name).click()
    page.wait_for_url(f"**/progress/township/{township_a.code}/**")
    assert township_a.name in page.locator("h1").inner_text()
    if os.environ.get("PROGRESS_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PROGRESS_SCREENSHOTS"], "township.png"), full_page=True)
    village_row = page.locator("#villages tbody tr", has_text=village_a.name)
    village_row.get_by_role("link", name="未缴费名单").click()

    page.wait_for_url(f"**/progress/village/{village_a.pk}/worklist/**")
    if os.environ.get("PROGRESS_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PROGRESS_SCREENSHOTS"], "worklist.png"), full_page=True)
    table = page.locator("#worklist tbody").inner_text()
    assert "张四" in table and "张三" not in table
    assert campaign["unpaid"].id_number[:6] + "********" in table and campaign["unpaid"].id_number not in table
    assert page.locator("#export").get_attribute("href").endswith(f"/worklist/export/?year={year}")
    with page.expect_download() as download:
        page.locator("#export").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert os.path.getsize(download.value.path()) > 0  # waits for the download to finish
    assert errors == []
    page.context.close()  # ends the keep-alive connections, so the server's request threads close theirs


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bulletin_issued_on_demand_prints_on_a4_without_the_navigation(
    live_server, chromium, campaign, targets, officer, township_a, year, tmp_path
):
    progress_compute(year=year)
    page = login(chromium, live_server, officer)
    page.goto(f"{live_server.url}/progress/bulletins/")
    page.locator("#issue").click()
    page.wait_for_url("**/progress/bulletins/*/")
    assert "进度通报" in page.locator("#bulletin h1").inner_text()
    assert township_a.name in page.locator("#behind").inner_text()
    page.emulate_media(media="print")
    assert page.locator("header.topbar").is_hidden() and page.locator(".toolbar").is_hidden()
    pdf = tmp_path / "bulletin.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and 1 <= data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") <= 3
    if os.environ.get("PROGRESS_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PROGRESS_SCREENSHOTS"], "bulletin.png"), full_page=True)
        pdf.rename(os.path.join(os.environ["PROGRESS_SCREENSHOTS"], "bulletin.pdf"))
    page.context.close()
