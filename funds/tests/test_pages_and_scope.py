"""Scope and post checks for every funds page and endpoint not already covered beside its feature."""

import datetime
from decimal import Decimal

import pytest

from funds.models import AccountEntry, Deposit, InterestRate, InterestRun
from funds.services import interest_run_request
from funds.tasks import post_interest_task
from pension.errors import Conflict


@pytest.fixture
def deposit_a(finance, township_a):
    return Deposit.objects.create(township=township_a, date=datetime.date(2026, 3, 2), amount=Decimal("50.00"),
                                  voucher_number="A-9", source="api", created_by=finance)


@pytest.mark.parametrize("persona", ["clerk_a", "officer", "auditor", "leader"])
def test_only_finance_cancels_vouchers_by_page(web, request, persona, deposit_a):
    user = request.getfixturevalue(persona)
    r = web(user).post(f"/funds/deposits/{deposit_a.pk}/reverse/", {"reason": "错"})
    assert r.status_code == 403
    assert Deposit.objects.count() == 1


def test_finance_proposes_and_a_second_officer_cancels_a_voucher_by_page(web, officer, deposit_a, county):
    from pension.models import Post, User

    finance2 = User.objects.create(username="finance2", post=Post.COUNTY_FINANCE, area=county)
    web(finance2).post(f"/funds/deposits/{deposit_a.pk}/reverse/", {"reason": "金额录错"})
    assert Deposit.objects.count() == 1
    page = web(officer).get("/funds/deposits/").content.decode()
    assert "deposit-cancellations" in page
    proposal = deposit_a.reversal_proposals.get()
    r = web(officer).post(f"/funds/deposits/cancellations/{proposal.pk}/confirm/", follow=True)
    assert "已作废" in r.content.decode()
    assert Deposit.objects.get(reverses=deposit_a).amount == Decimal("-50.00")


def test_clerk_of_township_b_sees_only_own_township_in_closing_page(web, clerk_b, deposit_a, township_b):
    r = web(clerk_b).get("/funds/closing/?month=2026-03")
    assert [t.township for t in r.context["report"].townships] == [township_b]
    assert "月结" in r.content.decode()


def test_clerk_of_township_b_gets_404_filtering_deposits_api_by_township_a(api, clerk_b, deposit_a, township_a):
    assert api(clerk_b).get(f"/api/v1/deposits/?township={township_a.code}").json()["count"] == 0
    assert api(clerk_b).get(f"/api/v1/deposits/{deposit_a.pk}/").status_code == 404


@pytest.mark.parametrize("persona,status", [("clerk_a", 403), ("assistant_a", 403), ("admin_user", 403),
                                            ("auditor", 200), ("finance", 200), ("leader", 200), ("officer", 200)])
def test_interest_runs_api_is_read_by_county_posts_only(api, request, persona, status):
    user = request.getfixturevalue(persona)
    assert api(user).get("/api/v1/interest-runs/").status_code == status


@pytest.mark.parametrize("persona", ["clerk_a", "auditor", "finance", "leader"])
def test_only_the_county_officer_edits_rates(web, request, persona):
    user = request.getfixturevalue(persona)
    client = web(user)
    assert client.get("/funds/interest/rate/").status_code == 403
    assert client.post("/funds/interest/rate/", {"year": 2027, "rate_percent": "2.5", "rounding": "half_up",
                                                 "month_rule": "after_value_month"}).status_code == 403
    assert not InterestRate.objects.filter(year=2027).exists()


def test_officer_enters_a_rate_and_a_posted_year_refuses_changes(web, officer):
    client = web(officer)
    r = client.post("/funds/interest/rate/", {"year": 2027, "rate_percent": "2.4500", "rounding": "half_even",
                                              "month_rule": "mid_month", "source": "省人社厅 2027 号"})
    assert r.status_code == 302
    rate = InterestRate.objects.get(year=2027)
    assert (rate.rate_percent, rate.rounding, rate.month_rule) == (Decimal("2.4500"), "half_even", "mid_month")
    from funds.services import interest_post_year

    interest_post_year(actor=officer, year=2020)
    r = client.post("/funds/interest/rate/", {"year": 2020, "rate_percent": "9", "rounding": "half_up",
                                              "month_rule": "after_value_month"})
    assert r.status_code == 200 and "已结息" in r.content.decode()
    assert InterestRate.objects.get(year=2020).rate_percent == Decimal("2.5000")


def test_officer_posts_by_api_and_a_redelivered_task_changes_nothing(api, officer, make_resident, village_a):
    from funds.models import IndividualAccount

    resident = make_resident(village_a)
    account = IndividualAccount.objects.create(resident=resident, township_id=village_a.township_id,
                                               opened_on=datetime.date(2025, 1, 1))
    AccountEntry.objects.create(account=account, year=2025, value_date=datetime.date(2025, 6, 1), kind="credit",
                                component="personal", amount=Decimal("600"))
    r = api(officer).post("/api/v1/interest-runs/", {"year": 2025}, format="json")
    assert r.status_code == 202 and r.json()["year"] == 2025
    run = InterestRun.objects.get()
    post_interest_task(run.pk)  # the worker (eager here) or a redelivery
    post_interest_task(run.pk)
    run.refresh_from_db()
    assert run.status == "succeeded"
    assert AccountEntry.objects.filter(kind="interest").count() == 1
    with pytest.raises(Conflict):
        interest_run_request(actor=officer, year=2025)


def test_pages_read_in_chinese(web, officer, finance, clerk_a, resident_a):
    for user, url, words in [
        (finance, "/funds/deposits/upload/", "导入入库凭证"),
        (officer, "/funds/interest/", "记账利率"),
        (officer, "/funds/reconciliation/", "日清对账"),
        (clerk_a, f"/funds/accounts/{resident_a.pk}/statement/?year=2026", "期末余额"),
    ]:
        r = web(user).get(url)
        assert r.status_code == 200 and words in r.content.decode(), url


def test_nav_shows_funds_items_by_post(web, finance, clerk_a, assistant_a):
    assert "导入入库凭证" in web(finance).get("/").content.decode()
    home = web(clerk_a).get("/").content.decode()
    assert "日清对账" in home and "导入入库凭证" not in home and "记账利息" not in home
    assistant = web(assistant_a).get("/").content.decode()
    assert "个人账户" in assistant and "日清对账" not in assistant
