"""Sessions and errors (issue 11 item 9): a timed-out session during an htmx request sends the whole page to the
login screen and back; Chinese 403/404/500/CSRF pages in the layout with a way back; no-store on answers to
signed-in users; "已退出" after logout."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse

TIMED_OUT = "会话已超时，请重新登录"


def _end_sessions():
    Session.objects.all().delete()


def test_an_htmx_request_after_the_session_ended_sends_the_whole_page_to_login(web, clerk_a):
    client = web(clerk_a)
    _end_sessions()
    response = client.get(reverse("enrollment:resident_list"), HTTP_HX_REQUEST="true",
                          HTTP_HX_CURRENT_URL="http://testserver/residents/new/?village=3")
    assert response.status_code == 200 and response.content == b""
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fresidents%2Fnew%2F%3Fvillage%3D3"
    page = client.get(response["HX-Redirect"])
    assert TIMED_OUT in page.content.decode()
    assert 'name="next" value="/residents/new/?village=3"' in page.content.decode()


def test_logging_in_again_returns_to_the_page_the_user_was_on(clerk_a, village_a):
    client = Client()
    assert client.post("/accounts/login/", {"username": "clerk_a", "password": "pw-for-tests-123"}).status_code == 302
    _end_sessions()
    response = client.post(reverse("enrollment:id_number_check"), {"id_number": "1"}, HTTP_HX_REQUEST="true",
                           HTTP_HX_CURRENT_URL="http://testserver/residents/new/")
    target = response["HX-Redirect"]
    response = client.post(target, {"username": "clerk_a", "password": "pw-for-tests-123",
                                    "next": "/residents/new/"})
    assert response.status_code == 302 and response["Location"] == "/residents/new/"


def test_a_foreign_current_url_is_not_followed(web, clerk_a):
    client = web(clerk_a)
    _end_sessions()
    response = client.get(reverse("enrollment:resident_list"), HTTP_HX_REQUEST="true",
                          HTTP_HX_CURRENT_URL="https://evil.example/steal")
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fresidents%2F"


def test_a_page_after_the_session_ended_goes_to_login_saying_why(web, clerk_a):
    client = web(clerk_a)
    _end_sessions()
    response = client.get(reverse("enrollment:resident_list"), follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    assert TIMED_OUT in response.content.decode()


def test_a_visitor_who_never_logged_in_is_not_told_their_session_timed_out():
    response = Client().get(reverse("enrollment:resident_list"), follow=True)
    assert TIMED_OUT not in response.content.decode()


def test_logout_says_logged_out_and_not_timed_out(clerk_a):
    client = Client()
    client.post("/accounts/login/", {"username": "clerk_a", "password": "pw-for-tests-123"})
    response = client.post(reverse("logout"), follow=True)
    page = response.content.decode()
    assert "已退出" in page and TIMED_OUT not in page


def test_404_is_chinese_in_the_layout_with_a_way_back(web, clerk_a):
    response = web(clerk_a).get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and 'class="mainnav"' in page and "返回首页" in page and "data-back" in page
    assert "Not Found" not in page


def test_403_is_chinese_and_gives_the_services_reason(web, clerk_a):
    response = web(clerk_a).get(reverse("collection:review"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权" in page and "返回首页" in page and "Forbidden" not in page


def test_500_is_chinese_and_says_nothing_was_saved(clerk_a):
    from pension.error_pages import server_error

    request = RequestFactory().get("/")
    request.user = clerk_a
    response = server_error(request)
    assert response.status_code == 500 and "未保存" in response.content.decode()


def test_a_refused_csrf_check_is_a_chinese_page(clerk_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk_a)
    response = client.post(reverse("enrollment:resident_create"), {"name": "x"})
    page = response.content.decode()
    main = page.split("<main>")[1]
    assert response.status_code == 403 and "表单已过期" in main and "CSRF" not in main


@pytest.mark.parametrize("path", ["resident_detail", "resident_export", "api"])
def test_personal_data_answers_are_not_stored(web, clerk_a, village_a, make_resident, path):
    resident = make_resident(village_a)
    url = {"resident_detail": reverse("enrollment:resident_detail", args=[resident.pk]),
           "resident_export": reverse("enrollment:resident_export"),
           "api": f"/api/v1/residents/{resident.pk}/"}[path]
    response = web(clerk_a).get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
