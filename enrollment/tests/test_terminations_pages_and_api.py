"""Two-person termination of enrolment on the pages and over the API: no one-click death, the officer's queue, the
requester's withdraw button, 404 out of scope, and no one-step terminate left in the API."""


from django.urls import reverse

from enrollment.models import TerminationStatus

from .terminating import DEATH_DAY, ask, death_certificate

# --- browser ------------------------------------------------------------------------------------------------------

def test_one_click_on_the_resident_page_cannot_record_a_death(web, clerk_a, enrolled):
    client = web(clerk_a)
    page = client.get(reverse("enrollment:resident_detail", args=[enrolled.pk])).content.decode()
    form = page.split('id="termination-form"')[1].split("</form>")[0]
    assert '<option value="" selected>' in form and 'value="death" selected' not in form
    assert 'name="term-terminated_on" required' in form and "value=" not in form.split("term-terminated_on")[1][:30]
    # The form as it comes (no reason, no date, no evidence) is refused.
    url = reverse("enrollment:termination_request", args=[enrolled.enrollments.get().pk])
    response = client.post(url, {}, follow=True)
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    # Even filled in, one click only asks: the resident is alive and enrolled.
    response = client.post(url, {"term-reason": "death", "term-terminated_on": "2026-10-02",
                                 "term-evidence": "死亡医学证明 123", "term-evidence_file": death_certificate()},
                           follow=True)
    assert "县级经办人员" in response.content.decode()
    enrolled.refresh_from_db()
    assert enrolled.death_date is None and enrolled.enrolment_status == "active"
    assert "终止参保待确认" in client.get(reverse("enrollment:resident_detail", args=[enrolled.pk])).content.decode()


def test_officer_confirms_from_the_queue_and_the_clerk_sees_it_there(web, clerk_a, officer, enrolled):
    req = ask(clerk_a, enrolled)
    clerk_page = web(clerk_a).get(reverse("enrollment:termination_queue")).content.decode()
    assert "李老汉" in clerk_page and reverse("enrollment:termination_confirm", args=[req.pk]) not in clerk_page
    client = web(officer)
    page = client.get(reverse("enrollment:termination_queue")).content.decode()
    assert "李老汉" in page and "死亡医学证明" in page
    response = client.post(reverse("enrollment:termination_confirm", args=[req.pk]),
                           {"next": reverse("enrollment:termination_queue")}, follow=True)
    assert "已确认" in response.content.decode()
    enrolled.refresh_from_db()
    assert enrolled.death_date == DEATH_DAY


def test_requester_sees_withdraw_not_confirm_and_withdraws_on_the_page(web, officer, enrolled):
    req = ask(officer, enrolled)
    client = web(officer)
    page = client.get(reverse("enrollment:resident_detail", args=[enrolled.pk])).content.decode()
    assert reverse("enrollment:termination_withdraw", args=[req.pk]) in page
    assert reverse("enrollment:termination_confirm", args=[req.pk]) not in page
    response = client.post(reverse("enrollment:termination_confirm", args=[req.pk]), follow=True)
    assert "另一名县级经办人员" in response.content.decode()
    response = client.post(reverse("enrollment:termination_withdraw", args=[req.pk]), follow=True)
    assert "已撤回" in response.content.decode()
    req.refresh_from_db()
    assert req.status == TerminationStatus.WITHDRAWN


def test_out_of_scope_clerk_gets_404_on_every_termination_page(web, clerk_b, clerk_a, enrolled):
    req = ask(clerk_a, enrolled)
    client = web(clerk_b)
    assert client.post(reverse("enrollment:termination_request", args=[enrolled.enrollments.get().pk]),
                       {"term-reason": "death", "term-terminated_on": "2026-10-02",
                        "term-evidence": "x"}).status_code == 404
    assert client.post(reverse("enrollment:termination_withdraw", args=[req.pk])).status_code == 404
    assert "李老汉" not in client.get(reverse("enrollment:termination_queue")).content.decode()


def test_the_old_one_step_address_is_gone(web, clerk_a, enrolled):
    response = web(clerk_a).post(f"/residents/enrollments/{enrolled.enrollments.get().pk}/terminate/",
                                 {"reason": "death", "terminated_on": "2026-10-02"})
    assert response.status_code == 404
    enrolled.refresh_from_db()
    assert enrolled.death_date is None


# --- API ----------------------------------------------------------------------------------------------------------

def test_api_asks_then_a_second_officer_confirms(api, clerk_a, officer, enrolled, signals_sent):
    body = {"enrollment": enrolled.enrollments.get().pk, "reason": "death", "terminated_on": "2026-10-02",
            "evidence": "死亡医学证明 123", "evidence_file": death_certificate()}
    response = api(clerk_a).post("/api/v1/terminations/", body, format="multipart")
    assert response.status_code == 201 and response.json()["status"] == "requested"
    pk = response.json()["id"]
    assert api(clerk_a).post(f"/api/v1/terminations/{pk}/confirm/").status_code == 403
    assert api(officer).get("/api/v1/terminations/").json()["count"] == 1
    response = api(officer).post(f"/api/v1/terminations/{pk}/confirm/")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    assert len(signals_sent) == 1
    assert api(officer).get(f"/api/v1/residents/{enrolled.pk}/").json()["death_date"] == "2026-10-02"


def test_api_refuses_a_request_without_evidence_and_the_requester_confirming(api, officer, enrolled):
    body = {"enrollment": enrolled.enrollments.get().pk, "reason": "death", "terminated_on": "2026-10-02"}
    response = api(officer).post("/api/v1/terminations/", body, format="json")
    assert response.status_code == 400 and "evidence" in response.json()["errors"]
    response = api(officer).post("/api/v1/terminations/", body | {"evidence": "证明 1",
                                                                  "evidence_file": death_certificate()},
                                 format="multipart")
    pk = response.json()["id"]
    response = api(officer).post(f"/api/v1/terminations/{pk}/confirm/")
    assert response.status_code == 400
    assert api(officer).post(f"/api/v1/terminations/{pk}/withdraw/").json()["status"] == "withdrawn"


def test_api_clerk_of_township_b_gets_404(api, clerk_a, clerk_b, enrolled):
    req = ask(clerk_a, enrolled)
    client = api(clerk_b)
    assert client.get(f"/api/v1/terminations/{req.pk}/").status_code == 404
    assert client.post(f"/api/v1/terminations/{req.pk}/withdraw/").status_code == 404
    assert client.post("/api/v1/terminations/", {"enrollment": enrolled.enrollments.get().pk, "reason": "death",
                                                 "terminated_on": "2026-10-02", "evidence": "x"},
                       format="json").status_code == 404
    assert client.get("/api/v1/terminations/").json()["count"] == 0


def test_api_has_no_one_step_terminate(api, clerk_a, enrolled):
    response = api(clerk_a).post(f"/api/v1/enrollments/{enrolled.enrollments.get().pk}/terminate/",
                                 {"reason": "death", "terminated_on": "2026-10-02"}, format="json")
    assert response.status_code in (404, 405)
    enrolled.refresh_from_db()
    assert enrolled.death_date is None
