"""Issue 10 item 1: enrolment says what happens to people already 60 (no yearly contribution, no subsidy: the
award work list, or a back payment where the county's parameters allow) instead of silently accepting them."""

import datetime

import pytest
from django.utils import translation

from enrollment import services
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


def test_enrolling_a_66_year_old_says_they_go_to_the_award_work_list(clerk_a, village_a, make_resident):
    old = make_resident(village_a, name="刘老汉", birth=datetime.date(1960, 2, 1))
    enrollment = services.enrollment_create(actor=clerk_a, resident=old, enrolled_on=datetime.date(2026, 3, 1))
    with translation.override("zh-hans"):
        notice = services.enrolment_age_notice(resident=old, on=enrollment.enrolled_on)
    assert "60" in notice and "待遇" in notice and "补缴" in notice and "66" in notice
    log = OperationLog.objects.get(action="enrollment.create", object_id=str(enrollment.pk))
    assert log.after["age_notice"]


def test_a_resident_turning_60_this_year_gets_the_notice_too(clerk_a, village_a, make_resident):
    turning = make_resident(village_a, name="周满", birth=datetime.date(1966, 11, 30))
    assert services.enrolment_age_notice(resident=turning, on=datetime.date(2026, 3, 1))


def test_a_59_year_old_enrols_without_a_notice(clerk_a, village_a, make_resident):
    young = make_resident(village_a, name="吴中", birth=datetime.date(1967, 1, 1))
    enrollment = services.enrollment_create(actor=clerk_a, resident=young, enrolled_on=datetime.date(2026, 3, 1))
    assert services.enrolment_age_notice(resident=young, on=enrollment.enrolled_on) is None
    assert "age_notice" not in OperationLog.objects.get(action="enrollment.create").after


def test_the_page_shows_the_notice(web, clerk_a, village_a, make_resident):
    old = make_resident(village_a, name="刘老汉", birth=datetime.date(1950, 2, 1))
    response = web(clerk_a).post(f"/residents/{old.pk}/enrol/", follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = response.content.decode()
    assert "待遇" in text and "补缴" in text


def test_the_api_answers_the_notice(api, clerk_a, village_a, make_resident):
    old = make_resident(village_a, name="刘老汉", birth=datetime.date(1950, 2, 1))
    response = api(clerk_a).post("/api/v1/enrollments/", {"resident": old.pk}, format="json",
                                 HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 201
    assert "待遇" in response.json()["age_notice"]
    young = make_resident(village_a, name="吴中", birth=datetime.date(1990, 1, 1))
    response = api(clerk_a).post("/api/v1/enrollments/", {"resident": young.pk}, format="json")
    assert response.json()["age_notice"] is None
