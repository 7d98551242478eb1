"""A session that times out while the clerk works (issue 11 item 9), in Debian's Chromium: the next htmx request
takes the whole page to the login screen with "会话已超时，请重新登录" (not the login page inside a panel), and
logging in again returns to the page the clerk was on."""

import re

import pytest
from django.contrib.sessions.models import Session


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_session_timeout_during_an_htmx_request_goes_to_login_and_back(live_server, chromium, clerk_a, village_a,
                                                                        id_numbers):
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "clerk_a")
    page.fill("#id_password", "pw-for-tests-123")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/residents/new/")
    # htmx works while the session lives: the ID number is checked as it is typed.
    page.fill("#id_id_number", id_numbers())
    page.wait_for_selector("#id-number-check .hint.ok")  # age and gender (never the birth date)

    Session.objects.all().delete()  # the session times out on the server
    page.fill("#id_id_number", id_numbers())  # the next htmx request
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=*")
    assert "会话已超时，请重新登录" in page.inner_text("main")
    assert page.locator("#id-number-check").count() == 0  # a whole page, not a panel

    page.fill("#id_username", "clerk_a")
    page.fill("#id_password", "pw-for-tests-123")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/residents/new/")
    assert page.locator("#id_id_number").is_visible()
    context.close()


CHECK_URL = re.compile(r".*/residents/id-number-check/.*")


def _log_in_on_the_new_resident_page(live_server, chromium):
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "clerk_a")
    page.fill("#id_password", "pw-for-tests-123")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/residents/new/")
    return context, page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_htmx_request_refused_by_csrf_says_the_page_has_expired(live_server, chromium, clerk_a, village_a,
                                                                   id_numbers):
    """Issue 11 item 9: an htmx save refused by the CSRF check (cookie gone or token stale) no longer fails
    silently: an aria-live alert says the page has expired; the next good request hides it."""
    context, page = _log_in_on_the_new_resident_page(live_server, chromium)
    alert = page.locator("#request-error")
    assert alert.get_attribute("aria-live") == "assertive" and not alert.is_visible()
    context.clear_cookies(name="csrftoken")  # the token on the page no longer matches anything
    page.fill("#id_id_number", id_numbers())  # an htmx POST
    alert.wait_for(state="visible")
    assert alert.inner_text().strip() == "页面已过期，请刷新后重试。"
    assert page.locator("#id-number-check").inner_text().strip() == ""  # no error page swapped into the panel

    page.reload()  # a fresh token
    page.fill("#id_id_number", id_numbers())
    page.wait_for_selector("#id-number-check .hint.ok")
    assert not page.locator("#request-error").is_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_htmx_request_answered_500_or_403_shows_a_chinese_message(live_server, chromium, clerk_a, village_a,
                                                                     id_numbers):
    from playwright.sync_api import expect

    context, page = _log_in_on_the_new_resident_page(live_server, chromium)
    page.route(CHECK_URL, lambda route: route.fulfill(status=500, body="boom"))
    page.fill("#id_id_number", id_numbers())
    alert = page.locator("#request-error")
    alert.wait_for(state="visible")
    assert "请求失败，未保存任何内容" in alert.inner_text()
    page.unroute(CHECK_URL)
    page.route(CHECK_URL, lambda route: route.fulfill(status=403, body="no"))
    page.fill("#id_id_number", id_numbers())
    expect(page.locator("#request-error li")).to_contain_text("您无权执行此操作")
    context.close()
