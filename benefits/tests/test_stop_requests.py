"""A manual stop takes two people: a township clerk or county officer asks (death, double receipt), a county officer
other than the asker confirms; only the confirmation stops the pension, which is paid until then. A stop from
enrolment's confirmed death (already two people) stops at once and closes any request still open."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from benefits import services
from benefits.models import Overpayment, RecipientStatus, Settlement, StopRequest
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db
M = datetime.date


def _ask(actor, r, kind="death", date=M(2024, 5, 17), reason="村委会报告死亡"):
    return services.stop_request_propose(actor=actor, recipient=r, kind=kind, date=date, reason=reason)


def test_a_clerks_death_report_leaves_the_pension_paid_until_a_county_officer_confirms_it(
        make_recipient, village_a, clerk_a, officer):
    r = make_recipient(village_a, monthly_amount="300.00", paid_through=M(2024, 7, 1))
    req = _ask(clerk_a, r)
    r.refresh_from_db()
    assert req.status == "proposed" and r.status == RecipientStatus.ACTIVE
    assert OperationLog.objects.filter(action="stop_request.propose", object_id=str(req.pk)).count() == 1
    services.stop_request_confirm(actor=officer, stop_request=req)
    r.refresh_from_db()
    req.refresh_from_db()
    assert (req.status, req.checker) == ("confirmed", officer)
    assert (r.status, r.stop_reason, r.stopped_from) == ("stopped", "death", M(2024, 6, 1))
    assert Overpayment.objects.get(recipient=r).amount == Decimal("600.00")
    assert Settlement.objects.filter(recipient=r, created_by=officer).exists()
    assert r.events.get(kind="stop_death").actor == officer
    assert OperationLog.objects.filter(action="stop_request.confirm", object_id=str(req.pk)).count() == 1


# The requester confirming their own request, and another township's clerk asking or confirming: one test for
# every kind of request in test_suspension_requests.py.


def test_only_a_county_officer_confirms_a_stop(make_recipient, village_a, clerk_a, finance, officer):
    r = make_recipient(village_a)
    req = _ask(officer, r)
    for user in (clerk_a, finance):
        with pytest.raises(PermissionDenied):
            services.stop_request_confirm(actor=user, stop_request=req)


def test_one_open_stop_request_per_recipient(make_recipient, village_a, clerk_a, officer):
    r = make_recipient(village_a)
    req = _ask(clerk_a, r)
    with pytest.raises(Conflict):
        _ask(officer, r, kind="double_receipt", date=M(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        StopRequest.objects.create(recipient=r, kind="death", date=M(2024, 1, 1), reason="x", requested_by=officer)
    assert StopRequest.objects.filter(recipient=r).count() == 1
    services.stop_request_reject(actor=officer, stop_request=req, reason="本人到场认证，仍健在")
    req.refresh_from_db()
    assert (req.status, req.reject_reason) == ("rejected", "本人到场认证，仍健在")
    r.refresh_from_db()
    assert r.status == "active"
    assert _ask(clerk_a, r).status == "proposed"  # a new request once the last one is closed


def test_a_rejection_needs_a_reason_and_a_stop_request_needs_a_date_not_in_the_future(make_recipient, village_a,
                                                                                       clerk_a, officer):
    r = make_recipient(village_a)
    with pytest.raises(ValidationError) as exc:
        _ask(clerk_a, r, date=M(2999, 1, 1))
    assert "date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _ask(clerk_a, r, kind="moved")
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _ask(clerk_a, r, reason=" ")
    assert "reason" in exc.value.message_dict
    req = _ask(clerk_a, r)
    with pytest.raises(ValidationError) as exc:
        services.stop_request_reject(actor=officer, stop_request=req, reason="")
    assert "reason" in exc.value.message_dict


def test_double_receipt_confirmed_stops_from_the_month_the_other_pension_began(make_recipient, village_a, clerk_a,
                                                                               officer):
    r = make_recipient(village_a, monthly_amount="300.00", basic_amount="200.00", paid_through=M(2024, 6, 1))
    req = _ask(clerk_a, r, kind="double_receipt", date=M(2024, 3, 20), reason="企业职工养老保险在领")
    services.stop_request_confirm(actor=officer, stop_request=req)
    r.refresh_from_db()
    assert (r.stop_reason, r.stopped_from) == ("double_receipt", M(2024, 3, 1))
    assert Overpayment.objects.get(recipient=r).amount == Decimal("800.00")


def test_the_stop_services_refuse_a_manual_stop_without_a_confirmed_request(make_recipient, village_a, officer):
    r = make_recipient(village_a)
    with pytest.raises(PermissionDenied):
        services.recipient_stop_for_death(actor=officer, recipient=r, death_date=M(2024, 1, 2), reason="x",
                                          source="manual")
    with pytest.raises(PermissionDenied):
        services.recipient_stop_for_double_receipt(actor=officer, recipient=r, other_pension_start=M(2024, 1, 2),
                                                   reason="x", source="manual")
    r.refresh_from_db()
    assert r.status == "active"


def test_a_death_confirmed_in_enrolment_stops_at_once_and_closes_the_open_request(make_recipient, village_a,
                                                                                   clerk_a, officer):
    from enrollment.signals import termination_confirmed

    r = make_recipient(village_a, paid_through=M(2024, 9, 1))
    req = _ask(clerk_a, r, date=M(2024, 8, 2))
    termination_confirmed.send(sender=None, actor=officer, resident=r.resident, reason="death", date=M(2024, 8, 2))
    r.refresh_from_db()
    req.refresh_from_db()
    assert r.status == "stopped" and r.events.get(kind="stop_death").source == "enrollment.termination"
    assert req.status == "superseded"
    with pytest.raises(Conflict):
        services.stop_request_confirm(actor=officer, stop_request=req)


def test_a_request_for_a_stopped_pension_is_a_conflict(make_recipient, village_a, clerk_a, officer, officer2):
    r = make_recipient(village_a)
    services.stop_request_confirm(actor=officer2, stop_request=_ask(officer, r))
    with pytest.raises(Conflict):
        _ask(clerk_a, r)


def test_the_todo_counts_requests_waiting_for_someone_else(make_recipient, village_a, village_b, clerk_a, officer,
                                                          officer2):
    from benefits import todos

    _ask(clerk_a, make_recipient(village_a))
    _ask(officer, make_recipient(village_b))
    assert todos.stops_to_confirm(officer).count == 1
    assert todos.stops_to_confirm(officer2).count == 2
    assert "/benefits/stop-requests/" in todos.stops_to_confirm(officer2).url


def test_stop_api_asks_and_a_second_officer_confirms(api, make_recipient, village_a, clerk_a, clerk_b, officer,
                                                     officer2, finance):
    r = make_recipient(village_a, paid_through=M(2024, 6, 1))
    bad = api(clerk_a).post(f"/api/v1/recipients/{r.pk}/stop/", {"kind": "death", "date": "x", "reason": "y"})
    assert bad.status_code == 400 and "date" in bad.json()["errors"]
    assert api(clerk_b).post(f"/api/v1/recipients/{r.pk}/stop/",
                             {"kind": "death", "date": "2024-03-03", "reason": "死亡"}).status_code == 404
    asked = api(clerk_a).post(f"/api/v1/recipients/{r.pk}/stop/",
                              {"kind": "death", "date": "2024-03-03", "reason": "死亡"})
    assert asked.status_code == 201 and asked.json()["status"] == "proposed"
    assert api(clerk_a).get(f"/api/v1/recipients/{r.pk}/").json()["status"] == "active"
    again = api(officer).post(f"/api/v1/recipients/{r.pk}/stop/",
                              {"kind": "death", "date": "2024-03-03", "reason": "死亡"})
    assert again.status_code == 409
    pk = asked.json()["id"]
    assert api(clerk_b).get(f"/api/v1/stop-requests/{pk}/").status_code == 404
    assert api(clerk_b).get("/api/v1/stop-requests/").json()["results"] == []
    assert api(clerk_a).post(f"/api/v1/stop-requests/{pk}/confirm/").status_code == 403
    assert api(finance).post(f"/api/v1/stop-requests/{pk}/confirm/").status_code == 403
    assert api(officer).post(f"/api/v1/stop-requests/{pk}/reject/", {}).status_code == 400
    done = api(officer).post(f"/api/v1/stop-requests/{pk}/confirm/")
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    assert api(officer2).post(f"/api/v1/stop-requests/{pk}/confirm/").status_code == 409
    assert api(clerk_a).get(f"/api/v1/recipients/{r.pk}/").json()["status"] == "stopped"


def test_the_officer_who_asked_gets_400_confirming_through_the_api(api, make_recipient, village_a, officer):
    r = make_recipient(village_a)
    pk = api(officer).post(f"/api/v1/recipients/{r.pk}/stop/",
                           {"kind": "double_receipt", "date": "2024-03-03", "reason": "重复领取"}).json()["id"]
    answer = api(officer).post(f"/api/v1/stop-requests/{pk}/confirm/")
    assert answer.status_code == 400 and "checker" in answer.json()["errors"]


def test_stop_pages_ask_on_the_recipient_page_and_confirm_from_the_queue(web, make_recipient, village_a, clerk_a,
                                                                         clerk_b, officer):
    r = make_recipient(village_a, name="李桂兰")
    page = web(clerk_a).post(f"/benefits/recipients/{r.pk}/change/",
                             {"action": "death", "date": "2024-03-03", "reason": "死亡"}, follow=True)
    assert "停发申请已提交" in page.content.decode()
    req = StopRequest.objects.get(recipient=r)
    r.refresh_from_db()
    assert r.status == "active"
    detail = web(clerk_a).get(f"/benefits/recipients/{r.pk}/").content.decode()
    assert 'id="stop-request"' in detail and "等待" in detail
    queue = web(officer).get("/benefits/stop-requests/").content.decode()
    assert "李桂兰" in queue and f'action="/benefits/stop-requests/{req.pk}/check/"' in queue
    assert "李桂兰" not in web(clerk_b).get("/benefits/stop-requests/").content.decode()
    other = web(clerk_b).post(f"/benefits/stop-requests/{req.pk}/check/", {"decision": "confirm"})
    assert other.status_code in (403, 404)  # a clerk never confirms; out of scope besides
    mine = web(clerk_a).post(f"/benefits/stop-requests/{req.pk}/check/", {"decision": "confirm"})
    assert mine.status_code == 403
    web(officer).post(f"/benefits/stop-requests/{req.pk}/check/", {"decision": "confirm"})
    r.refresh_from_db()
    assert r.status == "stopped"
