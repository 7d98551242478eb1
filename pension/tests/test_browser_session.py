"""A session that times out while the clerk works (issue 11 item 9), in Debian's Chromium: the next htmx request
takes the whole page to the login screen with "会话已超时，请重新登录" (not the login page inside a panel), and
logging in again returns to the page the clerk was on."""

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
