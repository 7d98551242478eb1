"""The auditor's journey at 1366×768 in Debian's Chromium: open the quarter's plan, fill the spot-check form of a
sampled record, raise a finding that the audit head and the leader sign, the section answers, the auditor closes
it, and the daily supervision record form (日常监督记录表) is exported as Excel."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from audit import services
from audit.models import Finding, SpotCheckAnswer

from .test_plans import approved  # noqa: F401 - the fixture


def _login(browser, live_server, url, username):
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    page.goto(f"{live_server.url}{url}")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("pw-for-tests-123")
    page.keyboard.press("Enter")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_auditor_fills_a_spot_check_raises_a_finding_that_is_signed_answered_closed_and_exports_the_form(
        live_server, chromium, approved, auditor, head, leader, officer, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    approved(datetime.date(2026, 8, 5))
    approved(datetime.date(2026, 9, 20))
    plan = services.plan_create(actor=auditor, year=2026, quarter=3, sample_size=5)

    page = _login(chromium, live_server, "/audit/plans/", "auditor")
    page.locator("#plans a", has_text="2026Q3").click()
    expect(page.locator("h1")).to_contain_text("2026")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # no sideways scrolling
    page.locator("#samples tbody a").first.click()
    expect(page.locator("#spotcheck")).to_be_visible()
    expect(page.locator("#record-link")).to_be_visible()  # the record's own page one click away

    radios = page.locator("#spotcheck input[type=radio][value=compliant]")
    items = radios.count()
    assert items >= 2
    page.locator("#spotcheck input[type=radio][value=problem]").first.check()
    page.locator("#spotcheck textarea").first.fill("收据存根缺少复核人签字")
    for i in range(1, items):
        radios.nth(i).check()
    page.locator("#spotcheck button[value=stay]").click()
    expect(page.locator(".messages:not(#request-error)").first).to_be_visible()  # not the hidden htmx error region
    assert SpotCheckAnswer.objects.filter(sample__plan=plan).count() == items
    assert SpotCheckAnswer.objects.filter(sample__plan=plan, answer="problem").count() == 1

    page.locator("#raise-finding").click()
    page.locator("#title").fill("缴费审核材料不全")
    page.locator("#description").fill("抽查发现收据存根缺少复核人签字。")
    page.locator("#section").select_option("business")
    page.locator("#finding-form button[type=submit]").click()
    finding = Finding.objects.get()
    assert finding.sample is not None and finding.sample.plan_id == plan.pk
    url = f"/audit/findings/{finding.pk}/"
    expect(page.locator("#sign-head")).to_have_count(0)  # the raiser never signs

    head_page = _login(chromium, live_server, url, "head")
    head_page.locator("#sign-head").click()
    expect(head_page.locator("#head-sign")).to_contain_text("head")
    leader_page = _login(chromium, live_server, url, "leader")
    leader_page.locator("#sign-leader").click()
    expect(leader_page.locator("#leader-sign")).to_contain_text("leader")

    section = _login(chromium, live_server, url, "officer")
    section.locator("textarea[name=explanation]").fill("经核实，复核人已补签，存根完整。")
    section.locator("form[action$='/explain/'] button").click()
    finding.refresh_from_db()
    assert finding.status == "explained"

    page.goto(f"{live_server.url}{url}")
    page.locator("form[action$='/accept/'] input[name=note]").fill("说明属实")
    page.locator("form[action$='/accept/'] button").click()
    finding.refresh_from_db()
    assert finding.status == "closed" and finding.closed_by == auditor

    page.goto(f"{live_server.url}/audit/plans/{plan.pk}/")
    with page.expect_download() as caught:
        page.locator("#export").click()
    path = tmp_path / "record-form.xlsx"
    caught.value.save_as(path)
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "日常监督记录表" in text and "收据存根缺少复核人签字" in text
