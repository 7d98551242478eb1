"""Reopening a signed-off day takes two people (DESIGN.md, issue 11 item 7): county finance asks with a reason,
another county officer confirms. Nothing is deleted: the sign-off stays with who reopened it and when; a reopened
day takes entries again and can be signed off anew."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from collection.services.signoff import reconciliation_sign_off
from collection.tests.test_day_signoff import DAY, balanced_day  # noqa: F401  (the fixture)
from funds import services as funds_services
from funds.models import DayReopenRequest, DaySignOff, ReopenStatus
from pension.errors import Conflict
from pension.models import OperationLog, Post, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(balanced_day, finance, township_a):  # noqa: F811
    return reconciliation_sign_off(actor=finance, township=township_a, date=DAY)


@pytest.fixture
def finance2(finance):
    return User.objects.create(username="finance2", post=Post.COUNTY_FINANCE, area=finance.area)


def test_a_confirmed_reopen_unlocks_the_day_and_keeps_the_sign_off(signed, finance, officer, enter,
                                                                  make_resident, village_a, township_a):
    request = funds_services.day_reopen_request(actor=finance, signoff=signed, reason="漏录一笔现金")
    late = make_resident(village_a, name="李四", enrolled=True)
    with pytest.raises(ValidationError):
        enter(late, paid_on=DAY)  # still locked until a second person confirms
    funds_services.day_reopen_confirm(actor=officer, request=request)
    signed.refresh_from_db()
    assert signed.reopened_by == officer and signed.reopened_at is not None
    assert DaySignOff.objects.filter(pk=signed.pk).exists()
    enter(late, paid_on=DAY)  # the day takes entries again
    funds_services.deposit_record(actor=finance, township=township_a, date=DAY, amount="300.00",
                                  voucher_number="V-0302-2")
    again = reconciliation_sign_off(actor=finance, township=township_a, date=DAY)  # and is signed off anew
    assert again.pk != signed.pk and again.collected == Decimal("600.00")
    assert DaySignOff.objects.filter(township=township_a, date=DAY).count() == 2
    actions = set(OperationLog.objects.values_list("action", flat=True))
    assert {"reconciliation.reopen_request", "reconciliation.reopen_confirm", "reconciliation.reopen"} <= actions


def test_the_requester_cannot_confirm_their_own_request(signed, finance):
    request = funds_services.day_reopen_request(actor=finance, signoff=signed, reason="漏录")
    with pytest.raises(ValidationError) as exc:
        funds_services.day_reopen_confirm(actor=finance, request=request)
    assert "decided_by" in exc.value.message_dict
    signed.refresh_from_db()
    assert signed.reopened_at is None


def test_the_database_refuses_a_decider_who_is_the_requester(signed, finance):
    request = funds_services.day_reopen_request(actor=finance, signoff=signed, reason="漏录")
    with pytest.raises(IntegrityError), transaction.atomic():
        DayReopenRequest.objects.filter(pk=request.pk).update(decided_by=finance, status=ReopenStatus.CONFIRMED)


def test_only_county_finance_asks_and_a_clerk_cannot_confirm(signed, finance, officer, clerk_a):
    with pytest.raises(PermissionDenied):
        funds_services.day_reopen_request(actor=officer, signoff=signed, reason="漏录")
    request = funds_services.day_reopen_request(actor=finance, signoff=signed, reason="漏录")
    with pytest.raises(PermissionDenied):
        funds_services.day_reopen_confirm(actor=clerk_a, request=request)


def test_a_second_finance_officer_may_confirm(signed, finance, finance2):
    request = funds_services.day_reopen_request(actor=finance, signoff=signed, reason="漏录")
    funds_services.day_reopen_confirm(actor=finance2, request=request)
    signed.refresh_from_db()
    assert signed.reopened_by == finance2


def test_a_reason_is_required_and_one_request_at_a_time(signed, finance):
    with pytest.raises(ValidationError) as exc:
        funds_services.day_reopen_request(actor=finance, signoff=signed, reason="  ")
    assert "reason" in exc.value.message_dict
    funds_services.day_reopen_request(actor=finance, signoff=signed, reason="漏录")
    with pytest.raises(Conflict):
        funds_services.day_reopen_request(actor=finance, signoff=signed, reason="又一次")


def test_a_rejected_or_withdrawn_request_leaves_the_day_locked(signed, finance, officer):
    request = funds_services.day_reopen_request(actor=finance, signoff=signed, reason="漏录")
    with pytest.raises(ValidationError):
        funds_services.day_reopen_reject(actor=officer, request=request, note="")
    funds_services.day_reopen_reject(actor=officer, request=request, note="凭证齐全，无需重开")
    with pytest.raises(Conflict):
        funds_services.day_reopen_confirm(actor=officer, request=request)
    second = funds_services.day_reopen_request(actor=finance, signoff=signed, reason="再查")
    with pytest.raises(PermissionDenied):
        funds_services.day_reopen_withdraw(actor=officer, request=second)
    funds_services.day_reopen_withdraw(actor=finance, request=second)
    signed.refresh_from_db()
    assert signed.reopened_at is None
    statuses = list(DayReopenRequest.objects.order_by("id").values_list("status", flat=True))
    assert statuses == [ReopenStatus.REJECTED, ReopenStatus.WITHDRAWN]
    actions = set(OperationLog.objects.values_list("action", flat=True))
    assert {"reconciliation.reopen_reject", "reconciliation.reopen_withdraw"} <= actions


def test_a_reopened_sign_off_cannot_be_reopened_twice(signed, finance, officer):
    funds_services.day_reopen_confirm(
        actor=officer, request=funds_services.day_reopen_request(actor=finance, signoff=signed, reason="漏录"))
    with pytest.raises(Conflict):
        funds_services.day_reopen_request(actor=finance, signoff=signed, reason="再次")


# --- over REST ---------------------------------------------------------------------------------------------------

REOPEN_URL = "/api/v1/reconciliation/reopen-requests/"


def test_reopen_over_the_api_takes_two_people(signed, api, finance, officer, clerk_b, township_a):
    body = {"township": township_a.code, "date": DAY.isoformat(), "reason": "漏录一笔现金"}
    assert api(officer).post(REOPEN_URL, body, format="json").status_code == 403
    r = api(finance).post(REOPEN_URL, body, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["status"] == "requested" and r.json()["date"] == DAY.isoformat()
    assert api(finance).post(REOPEN_URL, body, format="json").status_code == 409
    r = api(finance).post(f"{REOPEN_URL}{pk}/confirm/")
    assert r.status_code == 400 and "decided_by" in r.json()["errors"]
    assert api(clerk_b).get(f"{REOPEN_URL}{pk}/").status_code == 404
    assert [x["id"] for x in api(officer).get(REOPEN_URL).json()["results"]] == [pk]
    r = api(officer).post(f"{REOPEN_URL}{pk}/confirm/")
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    status = api(officer).get("/api/v1/reconciliation/sign-off/", {"township": township_a.code,
                                                                     "date": DAY.isoformat()}).json()
    assert status["signed_off"] is False and status["sign_off"] is None
    assert status["history"][0]["reopened_at"] and status["history"][0]["reopen_requests"][0]["id"] == pk


def test_reopening_a_day_that_is_not_signed_off_is_409(balanced_day, api, finance, township_a):  # noqa: F811
    r = api(finance).post(REOPEN_URL, {"township": township_a.code, "date": DAY.isoformat(), "reason": "x"},
                          format="json")
    assert r.status_code == 409 and "date" in r.json()["errors"]


def test_reject_and_withdraw_over_the_api(signed, api, finance, officer, township_a):
    body = {"township": township_a.code, "date": DAY.isoformat(), "reason": "漏录"}
    pk = api(finance).post(REOPEN_URL, body, format="json").json()["id"]
    assert api(officer).post(f"{REOPEN_URL}{pk}/reject/", {}, format="json").status_code == 400
    r = api(officer).post(f"{REOPEN_URL}{pk}/reject/", {"note": "无需重开"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    pk = api(finance).post(REOPEN_URL, body, format="json").json()["id"]
    assert api(finance).post(f"{REOPEN_URL}{pk}/withdraw/").json()["status"] == "withdrawn"
    assert api(officer).get(REOPEN_URL, {"status": "bogus"}).status_code == 400
    assert len(api(officer).get(REOPEN_URL, {"status": "all"}).json()["results"]) == 2


# --- in the browser ----------------------------------------------------------------------------------------------

def test_reopen_in_the_browser_with_a_to_do_for_the_confirming_officer(signed, web, finance, officer, township_a):
    from django.urls import reverse

    page = reverse("reconciliation:reconciliation") + f"?township={township_a.code}&date={DAY.isoformat()}"
    assert 'id="reopen-form"' in web(finance).get(page).content.decode()
    r = web(finance).post(reverse("reconciliation:reopen_request"),
                          {"township": township_a.code, "date": DAY.isoformat(), "reason": "漏录一笔现金"})
    assert r.status_code == 302
    request = DayReopenRequest.objects.get()
    assert "collection.reopen" not in {t.key for t in web(finance).get("/").context["todos"]}  # not their own
    todos = {t.key: t for t in web(officer).get("/").context["todos"]}
    assert todos["collection.reopen"].count == 1
    assert todos["collection.reopen"].url == reverse("reconciliation:reopen_queue")
    home = web(finance).get("/").content.decode()  # no to-do for their own request: the link is the menu's
    assert f'href="{reverse("reconciliation:reopen_queue")}"' in home
    queue = web(officer).get(reverse("reconciliation:reopen_queue")).content.decode()
    assert "漏录一笔现金" in queue and f'id="reopen-confirm-{request.pk}"' in queue
    # The requester's own confirm is refused with a message, not a change.
    web(finance).post(reverse("reconciliation:reopen_confirm", args=[request.pk]))
    signed.refresh_from_db()
    assert signed.reopened_at is None
    r = web(officer).post(reverse("reconciliation:reopen_confirm", args=[request.pk]))
    assert r.status_code == 302
    signed.refresh_from_db()
    assert signed.reopened_by == officer
    html = web(finance).get(page).content.decode()
    assert 'id="reopened-signoffs"' in html and "漏录一笔现金" in html


def test_a_clerk_cannot_see_or_decide_another_townships_request(signed, web, finance, clerk_b):
    from django.urls import reverse

    request = funds_services.day_reopen_request(actor=finance, signoff=signed, reason="漏录")
    assert web(clerk_b).post(reverse("reconciliation:reopen_confirm", args=[request.pk])).status_code == 403
    assert "漏录" not in web(clerk_b).get(reverse("reconciliation:reopen_queue")).content.decode()
