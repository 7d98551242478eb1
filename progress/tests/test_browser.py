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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_county_officer_splits_a_township_target_with_the_live_sum_and_difference(
    live_server, chromium, targets, officer, township_a, village_a, village_a2, year
):
    """Issue 11 item 10: the village figures are typed, the sum and the difference to the township's target (8)
    follow each key; a total that is off is refused in Chinese with the figures kept; the right one is saved."""
    from progress.models import Target

    page = login(chromium, live_server, officer)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/progress/township/{township_a.code}/split/?year={year}")
    total, diff = page.locator("#split-sum"), page.locator("#split-diff")
    field_a = page.locator(f"input[name='{village_a.code}']")
    field_a2 = page.locator(f"input[name='{village_a2.code}']")
    # As the page comes: village A's current 6, village A2 empty.
    assert total.inner_text() == "6" and diff.inner_text() == "比乡镇目标少2人"
    assert "sum-off" in total.get_attribute("class")

    field_a2.click()
    field_a2.press_sequentially("3")
    assert total.inner_text() == "9" and diff.inner_text() == "比乡镇目标多1人"
    assert "sum-off" in total.get_attribute("class")
    field_a2.press("Backspace")
    field_a2.press_sequentially("x")
    assert total.inner_text() == "—" and diff.inner_text() == "—"
    field_a2.fill("")
    field_a2.press_sequentially("3")
    assert total.inner_text() == "9"

    page.locator("#split-save").click()  # a wrong total: refused beside the figures, nothing saved
    page.wait_for_load_state()
    assert "各村合计9人，乡镇目标8人，相差1人。" in page.locator("#split-form").inner_text()
    assert field_a.input_value() == "6" and field_a2.input_value() == "3"
    assert total.inner_text() == "9" and diff.inner_text() == "比乡镇目标多1人"
    assert Target.objects.filter(area=village_a2, year=year).count() == 0

    field_a.click()
    field_a.press("End")
    field_a.press("Backspace")
    field_a.press_sequentially("5")
    assert total.inner_text() == "8" and diff.inner_text() == "与乡镇目标相符"
    assert "sum-ok" in total.get_attribute("class")
    page.locator("#split-save").click()
    page.wait_for_url(f"**/progress/township/{township_a.code}/?year={year}")
    assert "各村目标已保存（2个村有变化）" in page.locator("body").inner_text()
    assert {t.area_id: t.paying_target for t in Target.objects.filter(year=year, current=True,
                                                                       area__in=[village_a, village_a2])} == {
        village_a.pk: 5, village_a2.pk: 3}
    assert errors == []
    page.context.close()
