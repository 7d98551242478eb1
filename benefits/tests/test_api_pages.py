"""Every endpoint and page: scope (out of scope answers 404), posts, maker ≠ checker, bad input answers 400."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from benefits import services
from benefits.models import Award, Payroll, PayrollLine

pytestmark = pytest.mark.django_db
THIS = datetime.date.today().replace(day=1)


@pytest.fixture
def sixty(make_resident, village_a, credit_years, officer):
    nxt = (THIS + datetime.timedelta(days=32)).replace(day=10)
    r = make_resident(village_a, name="赵大娘", birth=nxt.replace(year=nxt.year - 60))
    credit_years(r, range(2005, 2022), maker=officer)
    return r


def test_due_list_api_needs_a_month_and_hides_other_townships(api, clerk_a, clerk_b, sixty, township_a):
    month = (THIS + datetime.timedelta(days=32)).replace(day=1)
    services.due_list_build(actor=clerk_a, month=month)
    url = "/api/v1/benefits/due/"
    assert api(clerk_a).get(url).status_code == 400
    assert api(clerk_a).get(url, {"month": "2026-13"}).json()["errors"]["month"]
    rows = api(clerk_a).get(url, {"month": f"{month:%Y-%m}", "township": township_a.code}).json()["results"]
    assert [r["resident_name"] for r in rows] == ["赵大娘"] and rows[0]["age"] == 60
    assert "*" in rows[0]["id_number"]
    assert api(clerk_b).get(url, {"month": f"{month:%Y-%m}"}).json()["results"] == []
    assert api(clerk_b).get(url, {"month": f"{month:%Y-%m}", "township": township_a.code}).status_code == 404


def test_award_api_propose_then_approve_by_another_with_the_breakdown(api, clerk_a, clerk_b, officer, sixty):
    r = api(clerk_a).post("/api/v1/awards/", {"resident": sixty.pk}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["breakdown"]["extra_years"] == 2 and body["breakdown"]["divisor"] == 139
    pk = body["id"]
    assert api(clerk_b).get(f"/api/v1/awards/{pk}/").status_code == 404
    assert api(clerk_a).post(f"/api/v1/awards/{pk}/approve/").status_code == 403
    ok = api(officer).post(f"/api/v1/awards/{pk}/approve/")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert api(officer).post(f"/api/v1/awards/{pk}/approve/").status_code == 409
    assert api(clerk_a).post("/api/v1/awards/", {"resident": "x"}, format="json").status_code == 400


def test_the_proposer_gets_400_approving_their_own_award(api, officer, sixty):
    pk = api(officer).post("/api/v1/awards/", {"resident": sixty.pk}, format="json").json()["id"]
    r = api(officer).post(f"/api/v1/awards/{pk}/approve/")
    assert r.status_code == 400 and "checker" in r.json()["errors"]


def _returns_file(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["流水号", "结果", "失败原因"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "returns.xlsx"
    return buf


def test_payroll_api_generate_approve_bank_file_returns_second_batch(api, make_recipient, village_a, officer,
                                                                    officer2, finance, clerk_a):
    a = make_recipient(village_a, start_month=THIS)
    b = make_recipient(village_a, start_month=THIS, name="=cmd|' /C calc'!A0")
    month = f"{THIS:%Y-%m}"
    assert api(clerk_a).post("/api/v1/payrolls/", {"month": month}, format="json").status_code == 403
    assert api(officer).post("/api/v1/payrolls/", {"month": "abc"}, format="json").status_code == 400
    r = api(officer).post("/api/v1/payrolls/", {"month": month}, format="json")
    assert r.status_code == 201 and r.json()["lines_count"] == 2
    pk = r.json()["id"]
    assert api(officer).post("/api/v1/payrolls/", {"month": month}, format="json").json()["id"] == pk
    assert api(clerk_a).get(f"/api/v1/payrolls/{pk}/").status_code == 403
    assert api(officer).post(f"/api/v1/payrolls/{pk}/approve/").status_code == 400  # the maker
    assert api(finance).post(f"/api/v1/payrolls/{pk}/approve/").status_code == 200
    f = api(finance).get(f"/api/v1/payrolls/{pk}/bank-file/")
    assert f.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(f.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "流水号" and len(rows) == 3
    assert any(row[3] == "=cmd|' /C calc'!A0" for row in rows[1:])  # stored as text, not a formula
    csv = api(finance).get(f"/api/v1/payrolls/{pk}/bank-file/", {"file_format": "csv"})
    assert csv.content.decode("utf-8").startswith("\ufeff流水号")
    la, lb = PayrollLine.objects.get(recipient=a), PayrollLine.objects.get(recipient=b)
    bad = api(finance).post(f"/api/v1/payrolls/{pk}/returns/", {"file": _returns_file([[la.pk, "也许", ""]])},
                            format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()["errors"]
    up = api(finance).post(f"/api/v1/payrolls/{pk}/returns/",
                           {"file": _returns_file([[la.pk, "成功", ""], [lb.pk, "失败", "户名不符"]])},
                           format="multipart")
    assert up.status_code == 200 and up.json()["recorded"] == {"paid": 1, "failed": 1}
    refused = api(officer).post(f"/api/v1/payrolls/{pk}/second-batch/", {"lines": [la.pk]}, format="json")
    assert refused.status_code == 409 and f"明细{la.pk}没有发放失败" in refused.json()["detail"]  # and why
    second = api(officer).post(f"/api/v1/payrolls/{pk}/second-batch/", {"lines": [lb.pk]}, format="json")
    assert second.status_code == 201 and second.json()["batch"] == 2
    lines = api(finance).get(f"/api/v1/payrolls/{pk}/lines/", {"status": "failed"}).json()["results"]
    assert [x["id"] for x in lines] == [lb.pk]


def test_recipient_api_actions_and_scope(api, make_recipient, village_a, clerk_a, clerk_b, officer, finance):
    r = make_recipient(village_a)
    assert api(clerk_b).post(f"/api/v1/recipients/{r.pk}/suspend/", {"reason": "x"}).status_code == 404
    assert api(finance).post(f"/api/v1/recipients/{r.pk}/suspend/", {"reason": "x"}).status_code == 403
    assert api(clerk_a).post(f"/api/v1/recipients/{r.pk}/suspend/", {}).status_code == 400
    assert api(clerk_a).post(f"/api/v1/recipients/{r.pk}/suspend/", {"reason": "未认证"}).json()["status"] == \
        "suspended"
    assert api(clerk_a).post(f"/api/v1/recipients/{r.pk}/resume/", {"reason": "已认证"}).json()["status"] == "active"
    # stop: test_stop_requests.py (asked by one person, confirmed by another)
    assert [x["id"] for x in api(clerk_b).get("/api/v1/recipients/").json()["results"]] == []


def test_overpayment_api_recovery_by_finance_only(api, make_recipient, village_a, officer, finance, clerk_a,
                                                  clerk_b):
    r = make_recipient(village_a, start_month=datetime.date(2024, 1, 1), paid_through=datetime.date(2024, 6, 1))
    services.recipient_stop_for_death(actor=officer, recipient=r, death_date=datetime.date(2024, 4, 2),
                                      reason="死亡", source="stop_request")
    over = api(clerk_a).get("/api/v1/overpayments/").json()["results"][0]
    assert over["outstanding"] == "600.00"
    assert api(clerk_b).get(f"/api/v1/overpayments/{over['id']}/").status_code == 404
    url = f"/api/v1/overpayments/{over['id']}/recoveries/"
    assert api(clerk_a).post(url, {"method": "repayment", "amount": "1"}).status_code == 403
    assert api(finance).post(url, {"method": "repayment", "amount": "abc"}).status_code == 400
    done = api(finance).post(url, {"method": "instalment", "amount": "100.00"})
    assert done.status_code == 201 and done.json()["outstanding"] == "600.00"  # waits for a second person
    rid = done.json()["recoveries"][0]["id"]
    assert api(clerk_b).post(f"/api/v1/recoveries/{rid}/confirm/").status_code in (403, 404)
    assert api(finance).post(f"/api/v1/recoveries/{rid}/confirm/").status_code == 400
    assert api(officer).post(f"/api/v1/recoveries/{rid}/confirm/").status_code == 200
    assert api(finance).get(f"/api/v1/overpayments/{over['id']}/").json()["outstanding"] == "500.00"


def test_pages_answer_for_their_posts_and_404_out_of_scope(web, make_recipient, village_a, clerk_a, clerk_b,
                                                           officer, finance, sixty, client):
    r = make_recipient(village_a, start_month=THIS)
    award = services.award_propose(actor=clerk_a, resident=sixty)
    payroll = services.payroll_generate(actor=officer, month=THIS)
    c = web(clerk_a)
    for url in ["/benefits/due/", "/benefits/due/?export=xlsx", "/benefits/awards/", f"/benefits/awards/{award.pk}/",
                "/benefits/recipients/", f"/benefits/recipients/{r.pk}/", f"/benefits/recipients/{r.pk}/?export=xlsx",
                "/benefits/overpayments/", "/benefits/parameters/", "/benefits/due/?month=garbage"]:
        assert c.get(url).status_code == 200, url
    assert c.get(f"/benefits/residents/{r.resident_id}/").status_code == 302
    assert c.get(f"/benefits/payrolls/{payroll.pk}/").status_code == 403
    c = web(clerk_b)
    assert c.get(f"/benefits/awards/{award.pk}/").status_code == 404
    assert c.get(f"/benefits/recipients/{r.pk}/").status_code == 404
    assert c.get(f"/benefits/residents/{r.resident_id}/").status_code == 404
    assert c.post(f"/benefits/awards/{award.pk}/check/", {"decision": "approve"}).status_code == 403
    c = web(officer)
    page = c.get(f"/benefits/payrolls/{payroll.pk}/").content.decode()
    assert 'id="approve"' not in page  # the maker is not offered approval
    c.post(f"/benefits/payrolls/{payroll.pk}/approve/")
    assert Payroll.objects.get(pk=payroll.pk).status == "generated"
    c.post(f"/benefits/awards/{award.pk}/check/", {"decision": "approve"})
    assert Award.objects.get(pk=award.pk).status == "approved"
    c = web(finance)
    assert 'id="approve"' in c.get(f"/benefits/payrolls/{payroll.pk}/").content.decode()
    c.post(f"/benefits/payrolls/{payroll.pk}/approve/")
    assert Payroll.objects.get(pk=payroll.pk).status == "approved"
    assert c.get(f"/benefits/payrolls/{payroll.pk}/bank-file/?file_format=csv").status_code == 200


def test_the_resident_page_links_to_the_pension_statement(web, make_recipient, make_resident, village_a, clerk_a):
    r = make_recipient(village_a)
    page = web(clerk_a).get(f"/residents/{r.resident_id}/").content.decode()
    assert f'href="/benefits/recipients/{r.pk}/"' in page
    other = make_resident(village_a, name="无待遇")
    assert 'id="pension-link"' not in web(clerk_a).get(f"/residents/{other.pk}/").content.decode()


def test_the_monthly_job_builds_next_months_list(make_resident, village_a):
    from benefits.months import add_months
    from benefits.tasks import build_due_list

    nxt = add_months(THIS, 1)
    make_resident(village_a, birth=nxt.replace(year=nxt.year - 60, day=3))
    assert build_due_list() == f"{nxt:%Y-%m}: 1"
