"""The net under every view: NUL bytes, ids too large for the database, nested JSON, unexpected API errors."""

import pytest
from django.test import Client
from django.utils import translation

from enrollment.models import Resident


@pytest.mark.django_db
def test_nul_byte_in_a_query_parameter_answers_400_in_chinese(web, clerk_a):
    response = web(clerk_a).get("/residents/", {"q": "王\x00"})
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


@pytest.mark.django_db
def test_nul_byte_in_a_form_field_answers_400_and_writes_nothing(web, clerk_a, village_a):
    response = web(clerk_a).post("/residents/new/", {"name": "王\x00五", "village": village_a.pk})
    assert response.status_code == 400
    assert not Resident.objects.exists()


@pytest.mark.django_db
def test_an_id_too_large_for_the_database_is_not_found(web, api, clerk_a):
    assert web(clerk_a).get("/residents/99999999999999999999999/").status_code == 404
    response = api(clerk_a).get("/api/v1/residents/99999999999999999999999/")
    assert response.status_code == 404 and "detail" in response.json()


@pytest.mark.django_db
def test_deeply_nested_json_to_the_token_endpoint_answers_400_anonymously():
    body = '{"username": ' + "[" * 100000 + "]" * 100000 + "}"
    response = Client().post("/api/v1/auth/token/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.django_db
def test_a_json_list_instead_of_an_object_answers_400(api, officer):
    response = api(officer).post("/api/v1/interest-runs/", data="[2025]", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["①", "abc", "1e30", "٢٠٢٦"])
def test_non_numeric_year_in_the_api_answers_400_naming_the_field(api, clerk_a, year):
    with translation.override("zh-hans"):
        response = api(clerk_a).get("/api/v1/contributions/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()["errors"]


@pytest.mark.django_db
def test_bad_next_parameter_on_login_does_not_fail():
    client = Client(raise_request_exception=False)
    for value in ("http://[", "//evil.example/", "\\\\evil", "x" * 3000):
        assert client.get("/accounts/login/", {"next": value}).status_code == 200


def test_an_unexpected_api_failure_answers_500_in_the_json_envelope(settings, db):
    settings.ROOT_URLCONF = "tests.boom_urls"
    response = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert response.status_code == 500
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.django_db
@pytest.mark.parametrize("body", ['{"a": ', "\x00", "not json"])
def test_a_body_that_is_not_json_answers_400_in_chinese(api, officer, body):
    response = api(officer).post("/api/v1/interest-runs/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "请求内容不是有效的 JSON。"


@pytest.mark.django_db
def test_a_parameter_the_view_checked_answers_400_naming_the_field_and_is_not_marked_as_caught_by_the_net(web, clerk_a):
    with translation.override("zh-hans"):
        response = web(clerk_a).get("/residents/", {"village": "①"})
    assert response.status_code == 400
    assert "村" in response.content.decode()
    assert not hasattr(response, "caught_by_net")


def test_a_validation_error_no_view_checked_still_answers_400_but_is_marked_as_caught_by_the_net(settings, db):
    settings.ROOT_URLCONF = "tests.boom_urls"
    response = Client(raise_request_exception=False).get("/unchecked/")
    assert response.status_code == 400
    assert response.caught_by_net.startswith("ValidationError")
