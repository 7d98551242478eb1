"""The sign-off of a reconciled day over REST (issue 11 item 7): /api/v1/reconciliation/sign-off/ — its status
(GET) and county finance signing the day off (POST), with the contract's answers: 201, 403 for other posts, 404
out of scope, 409 when already signed off, 400 naming the field for a bad township, date or unbalanced day."""

import datetime

import pytest

from collection.tests.test_day_signoff import DAY, balanced_day  # noqa: F401  (the fixture)
from funds.models import DaySignOff
from pension.models import OperationLog

pytestmark = pytest.mark.django_db
URL = "/api/v1/reconciliation/sign-off/"


def test_finance_signs_off_a_balanced_day_over_the_api(balanced_day, api, finance, township_a):  # noqa: F811
    r = api(finance).post(URL, {"township": township_a.code, "date": DAY.isoformat()}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["township"] == township_a.code and body["date"] == DAY.isoformat()
    assert body["collected"] == body["deposited"] == "300.00" and body["signed_by"]
    signoff = DaySignOff.objects.get()
    assert OperationLog.objects.filter(action="reconciliation.sign_off", object_id=str(signoff.pk)).exists()


def test_the_status_says_whether_the_day_is_signed_off(balanced_day, api, finance, clerk_a, township_a):  # noqa: F811
    params = {"township": township_a.code, "date": DAY.isoformat()}
    r = api(clerk_a).get(URL, params)
    assert r.status_code == 200 and r.json()["signed_off"] is False and r.json()["sign_off"] is None
    api(finance).post(URL, params, format="json")
    r = api(clerk_a).get(URL, params)
    assert r.json()["signed_off"] is True and r.json()["sign_off"]["collected"] == "300.00"


def test_signing_off_twice_over_the_api_is_409(balanced_day, api, finance, township_a):  # noqa: F811
    body = {"township": township_a.code, "date": DAY.isoformat()}
    assert api(finance).post(URL, body, format="json").status_code == 201
    r = api(finance).post(URL, body, format="json")
    assert r.status_code == 409 and "date" in r.json()["errors"]
    assert DaySignOff.objects.count() == 1


def test_only_county_finance_may_post_a_sign_off(balanced_day, api, officer, clerk_a, township_a):  # noqa: F811
    for user in (officer, clerk_a):
        r = api(user).post(URL, {"township": township_a.code, "date": DAY.isoformat()}, format="json")
        assert r.status_code == 403
    assert not DaySignOff.objects.exists()


def test_another_townships_status_is_404_for_a_clerk(balanced_day, api, clerk_b, township_a):  # noqa: F811
    assert api(clerk_b).get(URL, {"township": township_a.code, "date": DAY.isoformat()}).status_code == 404


def test_an_unknown_township_is_404(api, finance):
    r = api(finance).post(URL, {"township": "999999999", "date": DAY.isoformat()}, format="json")
    assert r.status_code == 404


@pytest.mark.parametrize("body, field", [
    ({"date": "2026-03-02"}, "township"),
    ({"township": "abc", "date": "2026-03-02"}, "township"),
    ({"township": "{code}"}, "date"),
    ({"township": "{code}", "date": "2026-02-30"}, "date"),
    ({"township": "{code}", "date": "明天"}, "date"),
])
def test_a_bad_township_or_date_is_a_400_naming_the_field(api, finance, township_a, body, field):
    body = {k: v.format(code=township_a.code) for k, v in body.items()}
    r = api(finance).post(URL, body, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json()["errors"]
    assert any("\u4e00" <= ch <= "\u9fff" for m in r.json()["errors"][field] for ch in m)  # in Chinese


def test_a_day_that_does_not_balance_is_a_400_naming_the_date(enter, payer, api, finance, township_a):
    enter(payer, grade="300", paid_on=DAY)
    r = api(finance).post(URL, {"township": township_a.code, "date": DAY.isoformat()}, format="json")
    assert r.status_code == 400 and "不平" in r.json()["errors"]["date"][0]
    assert not DaySignOff.objects.exists()


def test_a_future_day_cannot_be_signed_off(api, finance, township_a):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    r = api(finance).post(URL, {"township": township_a.code, "date": tomorrow.isoformat()}, format="json")
    assert r.status_code == 400 and "date" in r.json()["errors"]


def test_a_body_that_is_not_an_object_is_a_400(api, finance):
    assert api(finance).post(URL, ["x"], format="json").status_code == 400


def test_the_schema_documents_the_sign_off(api, officer):
    paths = api(officer).get("/api/schema/?format=json").json()["paths"]
    assert "get" in paths[URL] and "post" in paths[URL]
