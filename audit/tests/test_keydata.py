"""Key-data change requests, and that no path changes key data without approval: page, API, admin, service."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from audit import services
from audit.models import KeyDataChangeRequest
from enrollment import services as enrollment_services
from enrollment.models import Enrollment, Resident
from pension.models import OperationLog, Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_a2(township_a):
    from tests.support.personas import make_user

    return make_user("clerk_a2", Post.TOWNSHIP_CLERK, township_a)


@pytest.fixture
def resident(make_resident, village_a):
    return make_resident(village_a, name="王建国", enrolled=True)


@pytest.fixture
def request_(resident, clerk_a, id_numbers, upload):
    def make(**changes):
        return services.keydata_request(actor=clerk_a, resident_id=resident.pk, changes=changes or {"name": "王建华"},
                                        reason="户口本姓名更正", evidence=upload())
    return make


def test_an_approved_request_is_applied_with_before_and_after_in_the_log(
        request_, resident, clerk_a2, officer, leader, id_numbers):
    new_id = id_numbers(datetime.date(1971, 2, 3))
    req = request_(name="王建华", id_number=new_id, first_month="2019-05")
    services.keydata_township_check(actor=clerk_a2, request=req)
    services.keydata_county_check(actor=officer, request=req)
    req = services.keydata_sign(actor=leader, request=req)
    assert req.status == "applied"
    resident.refresh_from_db()
    assert (resident.name, resident.id_number, resident.birth_date) == ("王建华", new_id, datetime.date(1971, 2, 3))
    assert Enrollment.objects.get(resident=resident).first_month == datetime.date(2019, 5, 1)
    log = OperationLog.objects.get(action="resident.key_data_change")
    assert log.before["name"] == "王建国" and log.after["name"] == "王建华"
    assert log.before["first_month"] == "2020-03-01" and log.after["first_month"] == "2019-05-01"
    assert new_id not in str(log.after) and f"#{req.pk}" in log.reason


def test_the_three_checks_are_made_by_three_different_people_none_the_requester(
        request_, clerk_a, clerk_a2, officer, officer2, leader):
    req = request_()
    with pytest.raises(ValidationError):
        services.keydata_township_check(actor=clerk_a, request=req)
    with pytest.raises(Exception):  # noqa: B017  the county's check cannot come first
        services.keydata_county_check(actor=officer, request=req)
    services.keydata_township_check(actor=clerk_a2, request=req)
    with pytest.raises(PermissionDenied):
        services.keydata_county_check(actor=clerk_a2, request=req)
    services.keydata_county_check(actor=officer, request=req)
    with pytest.raises(PermissionDenied):
        services.keydata_sign(actor=officer2, request=req)
    services.keydata_sign(actor=leader, request=req)


def test_a_request_needs_evidence_and_real_values(resident, clerk_a, upload):
    with pytest.raises(ValidationError) as exc:
        services.keydata_request(actor=clerk_a, resident_id=resident.pk, changes={"name": "王建华"}, reason="x",
                                 evidence=None)
    assert "evidence" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.keydata_request(actor=clerk_a, resident_id=resident.pk, changes={"birth_date": "1969-02-30"},
                                 reason="x", evidence=upload())
    assert "birth_date" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.keydata_request(actor=clerk_a, resident_id=resident.pk, changes={"name": "王建华"}, reason="x",
                                 evidence=upload("evil.exe"))


def test_a_rejected_request_changes_nothing(request_, resident, clerk_a2):
    req = request_()
    services.keydata_reject(actor=clerk_a2, request=req, reason="证明材料不全")
    resident.refresh_from_db()
    assert resident.name == "王建国"


# --- no path changes key data without approval ---------------------------------------------------------------


def test_the_service_refuses_key_data_without_an_approval(resident, officer, leader):
    with pytest.raises(ValidationError):
        enrollment_services.resident_update(actor=officer, resident=resident, name="李四")
    with pytest.raises(PermissionDenied):
        enrollment_services.resident_key_data_change(actor=leader, resident=resident, changes={"name": "李四"},
                                                     approval=None)
    fake = enrollment_services.KeyDataApproval(reference="x", requested_by=officer, township_checker=officer,
                                               county_checker=officer, leader=leader)
    with pytest.raises(PermissionDenied):
        enrollment_services.resident_key_data_change(actor=leader, resident=resident, changes={"name": "李四"},
                                                     approval=fake)
    resident.refresh_from_db()
    assert resident.name == "王建国"


def test_the_api_refuses_key_data(resident, officer, api, id_numbers):
    for body in ({"name": "李四"}, {"id_number": id_numbers()}, {"birth_date": "1960-01-01"}):
        response = api(officer).patch(f"/api/v1/residents/{resident.pk}/", body, format="json")
        assert response.status_code == 400
    response = api(officer).patch(f"/api/v1/enrollments/{Enrollment.objects.get().pk}/",
                                  {"first_month": "2010-01-01"}, format="json")
    assert response.status_code in (403, 405)
    resident.refresh_from_db()
    assert resident.name == "王建国" and Enrollment.objects.get().first_month == datetime.date(2020, 3, 1)


def test_the_edit_page_has_no_key_fields_and_ignores_them(resident, officer, web, village_a):
    client = web(officer)
    page = client.get(f"/residents/{resident.pk}/edit/").content.decode()
    assert 'name="name"' not in page and 'name="id_number"' not in page and 'name="birth_date"' not in page
    client.post(f"/residents/{resident.pk}/edit/", {"name": "李四", "birth_date": "1960-01-01",
                                                    "village": village_a.pk, "hardship": "none"})
    resident.refresh_from_db()
    assert resident.name == "王建国" and resident.birth_date == datetime.date(1970, 5, 17)


def test_the_admin_offers_no_way_to_edit_key_data():
    for model in (Resident, Enrollment, KeyDataChangeRequest):
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        locked = {"name", "id_number", "birth_date", "first_month", "changes", "status"}
        assert locked & set(model_admin.get_fields(None)) <= set(model_admin.get_readonly_fields(None))


def test_the_request_api_walks_the_same_steps(resident, clerk_a, clerk_a2, officer, leader, api, upload):
    response = api(clerk_a).post("/api/v1/modification-requests/", {
        "resident": resident.pk, "name": "王建华", "reason": "更正", "evidence": upload()}, format="multipart")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert api(officer).post(f"/api/v1/modification-requests/{pk}/county-check/").status_code == 409
    assert api(clerk_a2).post(f"/api/v1/modification-requests/{pk}/township-check/").status_code == 200
    assert api(officer).post(f"/api/v1/modification-requests/{pk}/county-check/").status_code == 200
    assert api(officer).post(f"/api/v1/modification-requests/{pk}/sign/").status_code == 403
    response = api(leader).post(f"/api/v1/modification-requests/{pk}/sign/")
    assert response.status_code == 200 and response.json()["status"] == "applied"
    resident.refresh_from_db()
    assert resident.name == "王建华"
