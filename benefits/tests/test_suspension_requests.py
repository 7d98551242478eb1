"""A manual suspension or resumption takes two people, as a stop does: a township clerk or county officer asks,
a county officer other than the asker confirms, and only the confirmation changes anything (a suspension withholds
a pensioner's money; a resumption pays the suspended months as arrears in the next payroll). Certification's
deadline suspension and late-certification resumption are system sources and stay one step."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from benefits import services
from benefits.models import PayrollLine, RecipientStatus, StopRequest
from benefits.months import add_months
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db
M = datetime.date
THIS = datetime.date.today().replace(day=1)


def _ask(actor, r, action="suspend", reason="本人申请暂停领取"):
    return services.suspension_request_propose(actor=actor, recipient=r, action=action, reason=reason)


def test_a_clerks_suspension_changes_nothing_until_a_county_officer_confirms_it_and_both_are_logged(
        make_recipient, village_a, clerk_a, officer):
    r = make_recipient(village_a, paid_through=M(2024, 5, 1))
    req = _ask(clerk_a, r)
    r.refresh_from_db()
    assert (req.action, req.status, r.status) == ("suspend", "proposed", RecipientStatus.ACTIVE)
    assert not r.events.filter(kind="suspend").exists()
    assert OperationLog.objects.filter(action="suspend_request.propose", object_id=str(req.pk)).get().reason == \
        "本人申请暂停领取"
    services.stop_request_confirm(actor=officer, stop_request=req)
    r.refresh_from_db()
    req.refresh_from_db()
    assert (req.status, req.checker) == ("confirmed", officer)
    assert (r.status, r.suspended_from) == (RecipientStatus.SUSPENDED, M(2024, 6, 1))
    event = r.events.get(kind="suspend")
    assert (event.source, event.actor) == ("suspend_request", officer)
    assert OperationLog.objects.filter(action="suspend_request.confirm", object_id=str(req.pk)).count() == 1
    assert OperationLog.objects.filter(action="recipient.suspend", object_id=str(r.pk)).count() == 1


def test_a_resumption_is_confirmed_by_another_officer_and_a_rejection_leaves_the_pension_suspended(
        make_recipient, village_a, clerk_a, officer, officer2):
    r = make_recipient(village_a, paid_through=M(2024, 5, 1))
    services.recipient_suspend(actor=None, recipient=r, reason="未按期认证", source="certification.deadline")
    req = _ask(clerk_a, r, action="resume", reason="已补办认证")
    with pytest.raises(ValidationError) as exc:
        services.stop_request_reject(actor=officer, stop_request=req, reason=" ")
    assert "reason" in exc.value.message_dict
    services.stop_request_reject(actor=officer, stop_request=req, reason="认证材料不全")
    r.refresh_from_db()
    assert r.status == RecipientStatus.SUSPENDED
    assert OperationLog.objects.filter(action="resume_request.reject", object_id=str(req.pk)).get().reason == \
        "认证材料不全"
    again = _ask(officer, r, action="resume", reason="已补办认证，材料齐全")
    services.stop_request_confirm(actor=officer2, stop_request=again)
    r.refresh_from_db()
    assert (r.status, r.suspended_from, r.paid_through) == (RecipientStatus.ACTIVE, None, M(2024, 5, 1))
    assert r.events.get(kind="resume").source == "resume_request"
    assert OperationLog.objects.filter(action="resume_request.confirm", object_id=str(again.pk)).count() == 1


def _suspended(r):
    r.refresh_from_db()
    if r.status == RecipientStatus.ACTIVE:
        services.recipient_suspend(actor=None, recipient=r, reason="未按期认证", source="certification.deadline")
    return r


# Every kind of request shares the two-person and scope rules (one model, one check).
ASK = {
    "stop": lambda actor, r: services.stop_request_propose(actor=actor, recipient=r, kind="death",
                                                           date=M(2024, 5, 17), reason="村委会报告死亡"),
    "suspend": lambda actor, r: _ask(actor, r),
    "resume": lambda actor, r: _ask(actor, _suspended(r), action="resume", reason="已补办认证"),
}


@pytest.mark.parametrize("action", list(ASK))
def test_the_requester_cannot_confirm_their_own_request_and_the_database_refuses_it_too(action, make_recipient,
                                                                                        village_a, officer):
    r = make_recipient(village_a)
    req = ASK[action](officer, r)
    status = StopRequest.objects.get(pk=req.pk).recipient.status
    with pytest.raises(ValidationError) as exc:
        services.stop_request_confirm(actor=officer, stop_request=req)
    assert "checker" in exc.value.message_dict and "其他人" in str(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        StopRequest.objects.filter(pk=req.pk).update(checker=officer)
    r.refresh_from_db()
    assert r.status == status


@pytest.mark.parametrize("action", list(ASK))
def test_clerk_of_township_b_gets_404_asking_or_confirming_for_a_township_a_recipient(action, make_recipient,
                                                                                       village_a, clerk_a, clerk_b):
    r = make_recipient(village_a)
    with pytest.raises(Http404):
        ASK[action](clerk_b, r)
    req = ASK[action](clerk_a, r)
    with pytest.raises((Http404, PermissionDenied)):
        services.stop_request_confirm(actor=clerk_b, stop_request=req)
    assert StopRequest.objects.filter(recipient=r).count() == 1


def test_only_a_county_officer_confirms_and_only_a_clerk_or_officer_asks(make_recipient, village_a, clerk_a,
                                                                         finance, assistant_a, auditor, officer):
    r = make_recipient(village_a)
    for user in (finance, assistant_a, auditor):
        with pytest.raises(PermissionDenied):
            _ask(user, r)
    req = _ask(officer, r)
    for user in (clerk_a, finance):
        with pytest.raises(PermissionDenied):
            services.stop_request_confirm(actor=user, stop_request=req)
    r.refresh_from_db()
    assert r.status == RecipientStatus.ACTIVE


def test_one_open_suspension_or_resumption_per_recipient_but_a_stop_may_still_be_asked(make_recipient, village_a,
                                                                                       clerk_a, officer):
    r = make_recipient(village_a)
    with pytest.raises(Conflict):
        _ask(clerk_a, r, action="resume")  # not suspended
    with pytest.raises(ValidationError) as exc:
        _ask(clerk_a, r, action="stop")
    assert "action" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _ask(clerk_a, r, reason=" ")
    assert "reason" in exc.value.message_dict
    _ask(clerk_a, r)
    with pytest.raises(Conflict):
        _ask(officer, r)
    with pytest.raises(IntegrityError), transaction.atomic():
        StopRequest.objects.create(recipient=r, action="resume", reason="x", requested_by=officer)
    with pytest.raises(IntegrityError), transaction.atomic():  # a suspension has no stop reason nor date
        StopRequest.objects.create(recipient=r, action="suspend", kind="death", date=M(2024, 1, 1), reason="x",
                                   requested_by=officer, status="rejected")
    death = services.stop_request_propose(actor=officer, recipient=r, kind="death", date=M(2024, 5, 2),
                                          reason="村委会报告死亡")
    assert death.status == "proposed"


def test_the_one_step_services_refuse_a_manual_suspension_or_resumption(make_recipient, village_a, officer):
    r = make_recipient(village_a)
    with pytest.raises(PermissionDenied):
        services.recipient_suspend(actor=officer, recipient=r, reason="x", source="manual")
    services.recipient_suspend(actor=None, recipient=r, reason="未按期认证", source="certification.deadline")
    with pytest.raises(PermissionDenied):
        services.recipient_resume(actor=officer, recipient=r, reason="x", source="manual")
    r.refresh_from_db()
    assert r.status == RecipientStatus.SUSPENDED


def test_a_deadline_suspension_closes_an_open_suspension_request_and_a_confirmed_stop_closes_a_resumption(
        make_recipient, village_a, clerk_a, officer, officer2):
    r = make_recipient(village_a)
    req = _ask(clerk_a, r)
    services.recipient_suspend(actor=None, recipient=r, reason="未按期认证", source="certification.deadline")
    req.refresh_from_db()
    assert req.status == "superseded"
    assert OperationLog.objects.filter(action="suspend_request.supersede", object_id=str(req.pk)).exists()
    with pytest.raises(Conflict):
        services.stop_request_confirm(actor=officer, stop_request=req)
    resume = _ask(clerk_a, r, action="resume", reason="已认证")
    stop = services.stop_request_propose(actor=clerk_a, recipient=r, kind="death", date=M(2024, 5, 2), reason="死亡")
    services.stop_request_confirm(actor=officer, stop_request=stop)
    resume.refresh_from_db()
    assert resume.status == "superseded"


@pytest.mark.postgres  # the payroll is generated by PostgreSQL-only SQL
def test_the_suspended_months_are_paid_as_arrears_only_after_the_resumption_is_confirmed(
        make_recipient, village_a, clerk_a, officer, officer2):
    r = make_recipient(village_a, monthly_amount="300.00", basic_amount="200.00", start_month=add_months(THIS, -2))
    suspension = _ask(clerk_a, r)
    first = services.payroll_generate(actor=officer, month=add_months(THIS, -2))
    assert PayrollLine.objects.get(payroll=first).amount == Decimal("300.00")  # asked is not suspended
    services.stop_request_confirm(actor=officer2, stop_request=suspension)
    resumption = _ask(clerk_a, r, action="resume", reason="本人申请恢复")
    second = services.payroll_generate(actor=officer, month=add_months(THIS, -1))
    assert not PayrollLine.objects.filter(payroll=second).exists()  # asked is not resumed
    services.stop_request_confirm(actor=officer2, stop_request=resumption)
    line = PayrollLine.objects.get(payroll=services.payroll_generate(actor=officer, month=THIS))
    # last month (suspended) and this month: 2 × 300.00, of which last month's 300.00 are arrears
    assert (line.first_month, line.months, line.amount) == (add_months(THIS, -1), 2, Decimal("600.00"))


def test_suspend_and_resume_api_answer_201_with_a_request_and_a_second_officer_confirms(
        api, make_recipient, village_a, clerk_a, clerk_b, officer, officer2, finance):
    r = make_recipient(village_a)
    url = f"/api/v1/recipients/{r.pk}/suspend/"
    assert api(clerk_b).post(url, {"reason": "x"}).status_code == 404
    assert api(finance).post(url, {"reason": "x"}).status_code == 403
    assert api(clerk_a).post(url, {}).status_code == 400
    asked = api(officer).post(url, {"reason": "本人申请暂停"})
    assert asked.status_code == 201
    body = asked.json()
    assert (body["action"], body["status"], body["kind"], body["date"]) == ("suspend", "proposed", "", None)
    assert api(clerk_a).post(url, {"reason": "x"}).status_code == 409
    assert api(clerk_a).get(f"/api/v1/recipients/{r.pk}/").json()["status"] == "active"
    pk = body["id"]
    assert api(clerk_b).get(f"/api/v1/stop-requests/{pk}/").status_code == 404
    assert api(clerk_a).post(f"/api/v1/stop-requests/{pk}/confirm/").status_code == 403
    mine = api(officer).post(f"/api/v1/stop-requests/{pk}/confirm/")
    assert mine.status_code == 400 and "checker" in mine.json()["errors"]
    done = api(officer2).post(f"/api/v1/stop-requests/{pk}/confirm/")
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    assert api(clerk_a).get(f"/api/v1/recipients/{r.pk}/").json()["status"] == "suspended"
    resumed = api(clerk_a).post(f"/api/v1/recipients/{r.pk}/resume/", {"reason": "已补办认证"})
    assert resumed.status_code == 201 and resumed.json()["action"] == "resume"
    waiting = api(officer).get("/api/v1/stop-requests/", {"status": "proposed", "action": "resume"}).json()
    assert [x["id"] for x in waiting["results"]] == [resumed.json()["id"]]
    api(officer).post(f"/api/v1/stop-requests/{resumed.json()['id']}/confirm/")
    assert api(clerk_a).get(f"/api/v1/recipients/{r.pk}/").json()["status"] == "active"


def test_suspension_pages_ask_on_the_recipient_page_and_confirm_there_or_from_the_queue(
        web, make_recipient, village_a, clerk_a, officer):
    r = make_recipient(village_a, name="王秀英")
    page = web(clerk_a).post(f"/benefits/recipients/{r.pk}/change/", {"action": "suspend", "reason": "本人申请"},
                             follow=True)
    assert "申请已提交" in page.content.decode()
    r.refresh_from_db()
    assert r.status == "active"
    req = StopRequest.objects.get(recipient=r)
    detail = web(officer).get(f"/benefits/recipients/{r.pk}/").content.decode()
    assert 'id="suspend-request"' in detail and 'id="confirm-suspend"' in detail
    assert 'id="confirm-suspend"' not in web(clerk_a).get(f"/benefits/recipients/{r.pk}/").content.decode()
    queue = web(officer).get("/benefits/stop-requests/").content.decode()
    assert "王秀英" in queue and f'action="/benefits/stop-requests/{req.pk}/check/"' in queue
    assert web(clerk_a).post(f"/benefits/stop-requests/{req.pk}/check/", {"decision": "confirm"}).status_code == 403
    done = web(officer).post(f"/benefits/stop-requests/{req.pk}/check/",
                             {"decision": "confirm", "next": f"/benefits/recipients/{r.pk}/"}, follow=True)
    assert "已暂停" in done.content.decode()
    r.refresh_from_db()
    assert r.status == "suspended"


def test_the_todo_counts_suspensions_and_resumptions_waiting_for_someone_else(make_recipient, village_a, clerk_a,
                                                                             officer, officer2):
    from benefits import todos

    _ask(officer, make_recipient(village_a))
    _ask(clerk_a, _suspended(make_recipient(village_a)), action="resume", reason="已认证")
    assert todos.stops_to_confirm(officer).count == 1
    assert todos.stops_to_confirm(officer2).count == 2
