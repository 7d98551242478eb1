"""The hardship (代缴) change in the browser and over the API (issue 10 item 6): the clerk asks on the resident's
page, the county confirms in its queue, the edit form only shows the category, the to-do counts what waits,
another township answers 404, and the API refuses what the service refuses, in Chinese."""

import pytest
from django.urls import reverse

from enrollment import hardship_changes
from enrollment.models import HardshipChange


@pytest.fixture
def resident(village_a, make_resident):
    return make_resident(village_a, name="孙七", enrolled=True)


def _ask(actor, resident, **kw):
    args = {"to_category": "dibao", "reason": "新纳入低保", "evidence": "低保证 No.2026-0815"} | kw
    return hardship_changes.hardship_change_request(actor=actor, resident=resident, **args)


FORM = {"hs-to_category": "dibao", "hs-reason": "新纳入低保", "hs-evidence": "低保证 No.2026-0815"}


# --- browser ------------------------------------------------------------------------------------------------------

def test_the_edit_form_shows_the_category_read_only_with_the_way_to_ask(web, clerk_a, resident):
    page = web(clerk_a).get(reverse("enrollment:resident_edit", args=[resident.pk])).content.decode()
    assert 'name="hardship"' not in page
    assert "申请变更代缴类别" in page
    assert reverse("enrollment:resident_detail", args=[resident.pk]) + "#hardship" in page


def test_the_clerk_asks_on_the_resident_page_and_nothing_changes_yet(web, clerk_a, resident):
    client = web(clerk_a)
    page = client.get(reverse("enrollment:resident_detail", args=[resident.pk])).content.decode()
    form = page.split('id="hardship-form"')[1].split("</form>")[0]
    assert '<option value="" selected>' in form and 'value="none"' not in form  # no default, not the same category
    response = client.post(reverse("enrollment:hardship_change_request", args=[resident.pk]), {}, follow=True)
    assert "必填" in response.content.decode() and not HardshipChange.objects.exists()
    response = client.post(reverse("enrollment:hardship_change_request", args=[resident.pk]), FORM, follow=True)
    page = response.content.decode()
    assert "县级经办人员" in page and "代缴类别变更待确认" in page
    resident.refresh_from_db()
    assert resident.hardship == "none"


def test_officer_confirms_from_the_queue_and_the_clerk_only_sees_it(web, clerk_a, officer, resident):
    change = _ask(clerk_a, resident)
    clerk_page = web(clerk_a).get(reverse("enrollment:hardship_queue")).content.decode()
    assert "孙七" in clerk_page and reverse("enrollment:hardship_confirm", args=[change.pk]) not in clerk_page
    client = web(officer)
    page = client.get(reverse("enrollment:hardship_queue")).content.decode()
    assert "孙七" in page and "低保证" in page
    response = client.post(reverse("enrollment:hardship_confirm", args=[change.pk]),
                           {"next": reverse("enrollment:hardship_queue")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("enrollment:hardship_queue")
    assert "变更为低保对象" in response.content.decode()
    resident.refresh_from_db()
    assert resident.hardship == "dibao"


def test_officer_rejects_with_a_note_from_the_queue(web, clerk_a, officer, resident):
    change = _ask(clerk_a, resident)
    client = web(officer)
    response = client.post(reverse("enrollment:hardship_reject", args=[change.pk]), {"reason": ""}, follow=True)
    assert "必填" in response.content.decode()
    client.post(reverse("enrollment:hardship_reject", args=[change.pk]), {"reason": "证明过期"})
    change.refresh_from_db()
    assert (change.status, change.decision_note) == ("rejected", "证明过期")


def test_the_requesting_officer_sees_withdraw_not_confirm(web, officer, resident):
    change = _ask(officer, resident)
    client = web(officer)
    page = client.get(reverse("enrollment:resident_detail", args=[resident.pk])).content.decode()
    assert reverse("enrollment:hardship_withdraw", args=[change.pk]) in page
    assert reverse("enrollment:hardship_confirm", args=[change.pk]) not in page
    response = client.post(reverse("enrollment:hardship_confirm", args=[change.pk]), follow=True)
    assert "另一名县级经办人员" in response.content.decode()
    response = client.post(reverse("enrollment:hardship_withdraw", args=[change.pk]), follow=True)
    assert "已撤回" in response.content.decode()


def test_a_next_off_the_site_is_not_followed(web, clerk_a, officer, resident):
    change = _ask(clerk_a, resident)
    response = web(officer).post(reverse("enrollment:hardship_confirm", args=[change.pk]),
                                 {"next": "https://evil.example/"})
    assert response.url == reverse("enrollment:resident_detail", args=[resident.pk])


def test_out_of_scope_clerk_gets_404_on_every_hardship_page(web, clerk_a, clerk_b, resident):
    change = _ask(clerk_a, resident)
    client = web(clerk_b)
    assert client.post(reverse("enrollment:hardship_change_request", args=[resident.pk]), FORM).status_code == 404
    assert client.post(reverse("enrollment:hardship_withdraw", args=[change.pk])).status_code == 404
    assert "孙七" not in client.get(reverse("enrollment:hardship_queue")).content.decode()


def test_the_to_do_counts_what_waits_for_another_officer(web, officer, officer2, resident):
    _ask(officer, resident)
    assert "enrollment.hardship" not in {t.key for t in web(officer).get("/").context["todos"]}
    todos = {t.key: t for t in web(officer2).get("/").context["todos"]}
    assert todos["enrollment.hardship"].count == 1
    assert todos["enrollment.hardship"].url == reverse("enrollment:hardship_queue")


def test_the_menu_links_the_queue_for_registrars_and_the_import_for_the_county(web, clerk_a, officer):
    clerk_urls = {i["url"] for i in web(clerk_a).get("/").context["nav_items"]}
    assert reverse("enrollment:hardship_queue") in clerk_urls
    assert reverse("enrollment:hardship_import_list") not in clerk_urls
    officer_urls = {i["url"] for i in web(officer).get("/").context["nav_items"]}
    assert {reverse("enrollment:hardship_queue"), reverse("enrollment:hardship_import_list")} <= officer_urls


def test_registration_page_with_a_category_asks_for_evidence(web, clerk_a, village_a, id_numbers):
    url = reverse("enrollment:resident_create")
    body = {"name": "吴九", "id_number": id_numbers(), "village": village_a.pk, "hardship": "tekun"}
    page = web(clerk_a).post(url, body).content.decode()
    assert "证明材料" in page and not HardshipChange.objects.exists()
    response = web(clerk_a).post(url, body | {"hardship_reason": "特困供养", "hardship_evidence": "特困证 3"},
                                 follow=True)
    assert "代缴类别变更待确认" in response.content.decode()
    change = HardshipChange.objects.get()
    assert (change.source, change.to_category, change.resident.hardship) == ("registration", "tekun", "none")


# --- API ----------------------------------------------------------------------------------------------------------

def test_api_asks_then_a_second_officer_confirms(api, clerk_a, officer, resident):
    body = {"resident": resident.pk, "to_category": "dibao", "reason": "新纳入低保", "evidence": "低保证 1"}
    response = api(clerk_a).post("/api/v1/hardship-changes/", body, format="json")
    assert response.status_code == 201 and response.json()["status"] == "requested"
    pk = response.json()["id"]
    assert api(clerk_a).post(f"/api/v1/hardship-changes/{pk}/confirm/").status_code == 403
    assert api(officer).get("/api/v1/hardship-changes/").json()["count"] == 1
    response = api(officer).post(f"/api/v1/hardship-changes/{pk}/confirm/")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    assert api(officer).get(f"/api/v1/residents/{resident.pk}/").json()["hardship"] == "dibao"


def test_api_finds_the_resident_by_id_number_in_the_body(api, clerk_a, resident):
    body = {"id_number": resident.id_number, "to_category": "tekun", "reason": "特困", "evidence": "特困证 2"}
    response = api(clerk_a).post("/api/v1/hardship-changes/", body, format="json")
    assert response.status_code == 201 and response.json()["resident"] == resident.pk
    assert resident.id_number not in response.content.decode()


def test_api_refuses_no_evidence_the_same_category_and_the_requester_confirming_in_chinese(api, officer, resident):
    body = {"resident": resident.pk, "to_category": "dibao", "reason": "新纳入低保"}
    response = api(officer).post("/api/v1/hardship-changes/", body, format="json")
    assert response.status_code == 400 and "evidence" in response.json()["errors"]
    response = api(officer).post("/api/v1/hardship-changes/", body | {"to_category": "none", "evidence": "x"},
                                 format="json")
    assert response.status_code == 400 and "无需变更" in response.json()["errors"]["to_category"][0]
    pk = api(officer).post("/api/v1/hardship-changes/", body | {"evidence": "低保证 1"}, format="json").json()["id"]
    response = api(officer).post(f"/api/v1/hardship-changes/{pk}/confirm/")
    assert response.status_code == 400 and "另一名县级经办人员" in str(response.json()["errors"])
    response = api(officer).post(f"/api/v1/hardship-changes/{pk}/reject/", {}, format="json")
    assert response.status_code == 400 and "note" in response.json()["errors"]
    assert api(officer).post(f"/api/v1/hardship-changes/{pk}/withdraw/").json()["status"] == "withdrawn"
    response = api(officer).post(f"/api/v1/hardship-changes/{pk}/withdraw/")
    assert response.status_code == 409


def test_api_clerk_of_township_b_gets_404(api, clerk_a, clerk_b, resident):
    change = _ask(clerk_a, resident)
    client = api(clerk_b)
    assert client.get(f"/api/v1/hardship-changes/{change.pk}/").status_code == 404
    assert client.post(f"/api/v1/hardship-changes/{change.pk}/withdraw/").status_code == 404
    assert client.post("/api/v1/hardship-changes/", {"resident": resident.pk, "to_category": "tekun",
                                                     "reason": "r", "evidence": "e"}, format="json").status_code == 404
    assert client.get("/api/v1/hardship-changes/").json()["count"] == 0


def test_api_patch_of_the_category_is_refused(api, clerk_a, resident):
    response = api(clerk_a).patch(f"/api/v1/residents/{resident.pk}/", {"hardship": "dibao"}, format="json")
    assert response.status_code == 400 and "hardship" in response.json()["errors"]
    resident.refresh_from_db()
    assert resident.hardship == "none"


def test_api_list_filters_by_status_and_refuses_an_unknown_one(api, clerk_a, officer, resident):
    hardship_changes.hardship_change_confirm(actor=officer, change=_ask(clerk_a, resident))
    assert api(officer).get("/api/v1/hardship-changes/").json()["count"] == 0
    assert api(officer).get("/api/v1/hardship-changes/?status=confirmed").json()["count"] == 1
    assert api(officer).get("/api/v1/hardship-changes/?status=all").json()["count"] == 1
    assert api(officer).get("/api/v1/hardship-changes/?status=nope").status_code == 400
