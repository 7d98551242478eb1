import dataclasses
import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.db import connection
from openpyxl import Workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from funds.models import Deposit, IdempotencyKey
from pension.models import OperationLog

URL = "/api/v1/deposits/"


def body(area, **kw):
    data = {"township": area.code, "date": "2026-03-02", "amount": "1200.00", "voucher_number": "RC20260302001"}
    data.update(kw)
    return data


def token_client(user):
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_finance_integration_account_posts_a_deposit_with_token_auth(finance, township_a):
    client = token_client(finance)
    r = client.post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert r.status_code == 201, r.json()
    assert r.json()["amount"] == "1200.00"
    assert r.json()["township"] == township_a.code
    deposit = Deposit.objects.get()
    assert deposit.amount == Decimal("1200.00") and deposit.date == datetime.date(2026, 3, 2)
    assert OperationLog.objects.filter(action="deposit.record", object_id=str(deposit.pk)).count() == 1


def test_replay_with_same_key_returns_first_answer_and_creates_nothing(finance, township_a):
    client = token_client(finance)
    first = client.post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="same-key")
    second = client.post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="same-key")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Deposit.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
    assert OperationLog.objects.filter(action="deposit.record").count() == 1


def test_same_key_with_different_body_is_refused_with_422(finance, township_a):
    client = token_client(finance)
    client.post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="k")
    r = client.post(URL, body(township_a, amount="1300.00"), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert r.status_code == 422
    assert "Idempotency-Key" in r.json()["errors"]
    assert "不同" in r.json()["detail"]
    assert Deposit.objects.get().amount == Decimal("1200.00")


def test_missing_idempotency_key_is_refused_and_nothing_written(finance, township_a):
    r = token_client(finance).post(URL, body(township_a), format="json")
    assert r.status_code == 400
    assert "Idempotency-Key" in r.json()["errors"]
    assert not Deposit.objects.exists()


def test_failed_request_does_not_burn_the_key(finance, township_a):
    client = token_client(finance)
    bad = client.post(URL, body(township_a, amount="-5"), format="json", HTTP_IDEMPOTENCY_KEY="retry-me")
    assert bad.status_code == 400 and "amount" in bad.json()["errors"]
    good = client.post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="retry-me")
    assert good.status_code == 201


def test_same_voucher_with_a_new_key_is_a_409_conflict(finance, township_a):
    client = token_client(finance)
    client.post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="a")
    r = client.post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="b")
    assert r.status_code == 409
    assert "RC20260302001" in r.json()["detail"]
    assert Deposit.objects.count() == 1


@pytest.mark.parametrize(
    "field,value",
    [("township", "999999999"), ("date", "2026-02-30"), ("date", "2099-01-01"), ("amount", "12.345"),
     ("amount", "abc"), ("amount", "0"), ("voucher_number", "  ")],
)
def test_bad_deposit_fields_answer_400_naming_the_field(finance, township_a, field, value):
    r = token_client(finance).post(URL, body(township_a, **{field: value}), format="json",
                                   HTTP_IDEMPOTENCY_KEY=f"k-{field}-{value}")
    assert r.status_code == 400
    assert field in r.json()["errors"]
    assert not Deposit.objects.exists()


def test_village_is_not_a_township(finance, village_a, township_a):
    r = token_client(finance).post(URL, body(township_a, township=village_a.code), format="json",
                                   HTTP_IDEMPOTENCY_KEY="v")
    assert r.status_code == 400 and "township" in r.json()["errors"]


@pytest.mark.parametrize("persona", ["clerk_a", "officer", "auditor", "leader"])
def test_only_county_finance_may_post_deposits(request, persona, township_a):
    user = request.getfixturevalue(persona)
    r = token_client(user).post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert r.status_code == 403
    assert not Deposit.objects.exists()


def test_auditor_reads_deposits_but_cannot_cancel(api, finance, auditor, township_a):
    token_client(finance).post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="x")
    deposit = Deposit.objects.get()
    assert api(auditor).get(URL).json()["count"] == 1
    assert api(auditor).post(f"{URL}{deposit.pk}/reverse/", {"reason": "x"}, format="json").status_code == 403


def test_clerk_sees_only_own_township_deposits_and_404_on_others(api, finance, clerk_a, clerk_b, township_a,
                                                                  township_b):
    client = token_client(finance)
    client.post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="a")
    client.post(URL, body(township_b, voucher_number="RC-B-1"), format="json", HTTP_IDEMPOTENCY_KEY="b")
    dep_a = Deposit.objects.get(township=township_a)
    listing = api(clerk_b).get(URL).json()
    assert [d["voucher_number"] for d in listing["results"]] == ["RC-B-1"]
    assert api(clerk_b).get(f"{URL}?township={township_a.code}").json()["count"] == 0
    assert api(clerk_b).get(f"{URL}{dep_a.pk}/").status_code == 404
    assert api(clerk_a).get(f"{URL}{dep_a.pk}/").status_code == 200


def test_cancelling_a_voucher_takes_two_people_and_adds_a_negative_row_once(api, finance, officer, township_a,
                                                                            county):
    from pension.models import Post, User

    finance2 = User.objects.create(username="finance2", post=Post.COUNTY_FINANCE, area=county)
    token_client(finance).post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="x")
    deposit = Deposit.objects.get()
    # The recorder cannot propose; a second finance officer proposes; nothing changes yet.
    assert api(finance).post(f"{URL}{deposit.pk}/reverse/", {"reason": "x"}, format="json").status_code == 400
    r = api(finance2).post(f"{URL}{deposit.pk}/reverse/", {"reason": "凭证金额错误"}, format="json")
    assert r.status_code == 202 and Deposit.objects.count() == 1
    # Neither the proposer nor the recorder confirms; a county officer does.
    assert api(finance2).post(f"{URL}{deposit.pk}/reverse/confirm/").status_code == 400
    assert api(finance).post(f"{URL}{deposit.pk}/reverse/confirm/").status_code == 400
    r = api(officer).post(f"{URL}{deposit.pk}/reverse/confirm/")
    assert r.status_code == 201 and r.json()["amount"] == "-1200.00"
    again = api(finance2).post(f"{URL}{deposit.pk}/reverse/", {"reason": "again"}, format="json")
    assert again.status_code == 409
    assert Deposit.objects.count() == 2
    # a cancelled voucher's number stays used: the cooperative issues a new voucher for the right amount
    again = token_client(finance).post(URL, body(township_a, amount="1100.00"), format="json",
                                       HTTP_IDEMPOTENCY_KEY="y")
    assert again.status_code == 409


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_with_one_key_leave_one_deposit(finance, township_a):
    results = []

    def post():
        try:
            r = token_client(finance).post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="race")
            results.append(r.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [201] * 8
    assert Deposit.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


# --- Excel upload ------------------------------------------------------------------------------------


def workbook(rows, header=("日期", "乡镇代码", "金额", "凭证号")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "deposits.xlsx"
    return buf


def test_upload_records_every_row_when_all_are_valid(web, finance, township_a, township_b):
    f = workbook([
        (datetime.date(2026, 3, 2), township_a.code, 1200, "V-1"),
        ("2026-03-03", int(township_b.code), "350.50", "V-2"),
        (datetime.datetime(2026, 3, 4), township_a.code, 99.9, 3003),
    ])
    r = web(finance).post("/funds/deposits/upload/", {"file": f})
    assert r.status_code == 302
    assert sorted(Deposit.objects.values_list("voucher_number", "amount")) == [
        ("3003", Decimal("99.90")), ("V-1", Decimal("1200.00")), ("V-2", Decimal("350.50"))]
    assert set(Deposit.objects.values_list("source", flat=True)) == {"excel"}


def test_upload_with_one_bad_row_writes_nothing_and_lists_each_bad_row_in_chinese(web, finance, township_a):
    Deposit.objects.create(township=township_a, date=datetime.date(2026, 3, 1), amount=5, voucher_number="OLD-1",
                           source="api", created_by=finance)
    f = workbook([
        (datetime.date(2026, 3, 2), township_a.code, 1200, "V-1"),   # good
        ("2026-13-01", township_a.code, 100, "V-2"),                  # bad date
        (datetime.date(2026, 3, 2), "123", 100, "V-3"),               # bad township
        (datetime.date(2026, 3, 2), township_a.code, -4, "V-4"),      # bad amount
        (datetime.date(2026, 3, 2), township_a.code, 10, "V-1"),      # duplicate in file
        (datetime.date(2026, 3, 2), township_a.code, 10, "OLD-1"),    # already recorded
    ])
    r = web(finance).post("/funds/deposits/upload/", {"file": f})
    assert r.status_code == 200
    page = r.content.decode()
    assert "没有登记任何" in page
    rows = [row for row, _msg in r.context["result"].row_errors]
    assert rows == [3, 4, 5, 6, 7]
    assert Deposit.objects.count() == 1  # only the one that was there before
    assert not OperationLog.objects.filter(action="deposit.record").exists()


def test_upload_of_a_non_workbook_or_wrong_headers_is_refused(web, finance):
    r = web(finance).post("/funds/deposits/upload/", {"file": io.BytesIO(b"not a zip")})
    assert r.status_code == 200 and r.context["file_error"]
    r = web(finance).post("/funds/deposits/upload/", {"file": workbook([("x",)], header=("a", "b"))})
    assert "凭证号" in r.context["file_error"]
    assert not Deposit.objects.exists()


def test_template_download_and_upload_page_are_for_finance_only(web, finance, clerk_a, auditor):
    r = web(finance).get("/funds/deposits/template/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    for user in (clerk_a, auditor):
        client = web(user)
        assert client.get("/funds/deposits/upload/").status_code == 403
        assert client.get("/funds/deposits/template/").status_code == 403


def test_deposit_list_page_is_scoped_and_in_chinese(web, finance, clerk_b, township_a):
    Deposit.objects.create(township=township_a, date=datetime.date(2026, 3, 1), amount=5, voucher_number="A-1",
                           source="api", created_by=finance)
    page = web(clerk_b).get("/funds/deposits/").content.decode()
    assert "入库凭证" in page and "A-1" not in page
    assert "A-1" in web(finance).get("/funds/deposits/").content.decode()


def test_workbook_that_unpacks_too_large_is_refused_before_reading(web, finance, township_a, monkeypatch):
    from funds.deposits import upload

    # a real workbook unpacks to a few KB
    monkeypatch.setattr(upload, "LIMITS", dataclasses.replace(upload.LIMITS, max_unpacked_bytes=1000))
    f = workbook([(datetime.date(2026, 3, 2), township_a.code, 1200, "V-1")])
    r = web(finance).post("/funds/deposits/upload/", {"file": f})
    assert "MB" in r.context["file_error"]
    assert not Deposit.objects.exists()


def test_a_proposed_voucher_cancellation_can_be_rejected_through_the_api(api, finance, officer, township_a, county):
    """Issue 10 item 5: the second officer may refuse (with a reason) as well as confirm."""
    from pension.models import Post, User

    finance2 = User.objects.create(username="finance2", post=Post.COUNTY_FINANCE, area=county)
    token_client(finance).post(URL, body(township_a), format="json", HTTP_IDEMPOTENCY_KEY="x")
    deposit = Deposit.objects.get()
    assert api(finance2).post(f"{URL}{deposit.pk}/reverse/", {"reason": "凭证金额错误"},
                              format="json").status_code == 202
    assert api(officer).post(f"{URL}{deposit.pk}/reverse/reject/", {"reason": ""}, format="json").status_code == 400
    r = api(officer).post(f"{URL}{deposit.pk}/reverse/reject/", {"reason": "金额核对无误"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert Deposit.objects.count() == 1
    assert api(officer).post(f"{URL}{deposit.pk}/reverse/reject/", {"reason": "x"}, format="json").status_code == 409
