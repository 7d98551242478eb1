import datetime
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from funds.interest import interest_on, interest_run_execute, months_held, round_interest
from funds.models import AccountEntry, InterestPosting, InterestRate, InterestRun
from funds.services import (
    interest_post_year,
    interest_rate_set,
    interest_run_request,
)
from funds.tests.ledger import credit_contribution
from pension.errors import Conflict
from pension.models import OperationLog


def test_months_held_by_rule():
    march2, march20, dec31, jan1 = (datetime.date(2025, 3, 2), datetime.date(2025, 3, 20),
                                    datetime.date(2025, 12, 31), datetime.date(2025, 1, 1))
    assert [months_held(d, "after_value_month") for d in (march2, march20, dec31, jan1)] == [9, 9, 0, 11]
    assert [months_held(d, "including_value_month") for d in (march2, march20, dec31, jan1)] == [10, 10, 1, 12]
    assert [months_held(d, "mid_month") for d in (march2, march20, dec31, jan1)] == [10, 9, 0, 12]


def test_interest_rounding_rules_on_half_cents():
    assert round_interest(Decimal("0.125"), "half_up") == Decimal("0.13")
    assert round_interest(Decimal("0.125"), "down") == Decimal("0.12")
    assert round_interest(Decimal("0.125"), "half_even") == Decimal("0.12")
    assert round_interest(Decimal("0.135"), "half_even") == Decimal("0.14")
    assert round_interest(Decimal("7.4299999"), "down") == Decimal("7.42")


@given(raw=st.decimals(min_value=0, max_value=10**7, places=6),
       mode=st.sampled_from(["half_up", "down", "half_even"]))
def test_interest_rounding_is_within_a_cent_and_matches_decimal(raw, mode):
    rounded = round_interest(raw, mode)
    python = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "half_even": ROUND_HALF_EVEN}[mode]
    assert rounded == raw.quantize(Decimal("0.01"), rounding=python)
    assert abs(rounded - raw) < Decimal("0.01")
    assert rounded.as_tuple().exponent == -2
    if mode == "down":
        assert rounded <= raw


def test_full_year_balance_earns_the_rate_and_in_year_money_months_held():
    rate = InterestRate(rate_percent=Decimal("2.62"), rounding="half_up", month_rule="after_value_month")
    assert interest_on(opening=Decimal("1000.00"), movements=[], posting=rate) == Decimal("26.20")
    # 300 paid in March: held April–December, 9 months: 300 × 9 × 2.62% ÷ 12 = 5.895 → 5.90
    assert interest_on(opening=Decimal(0), movements=[(datetime.date(2025, 3, 2), Decimal("300"))],
                       posting=rate) == Decimal("5.90")


def test_a_year_that_has_not_ended_cannot_be_posted(officer):
    with pytest.raises(ValidationError) as exc:
        interest_run_request(actor=officer, year=2026)
    assert "year" in exc.value.message_dict
    assert not InterestRun.objects.exists()


def test_previous_year_must_be_posted_first(accounts, officer):
    AccountEntry.objects.create(account=accounts[0], year=2023, value_date=datetime.date(2023, 5, 1),
                                kind="credit", component="personal", amount=Decimal("100"))
    with pytest.raises(ValidationError):
        interest_post_year(actor=officer, year=2025)
    assert interest_post_year(actor=officer, year=2023).status == "succeeded"
    assert interest_post_year(actor=officer, year=2024).status == "succeeded"
    run = interest_post_year(actor=officer, year=2025)
    assert run.status == "succeeded" and run.accounts == 1


def test_a_failed_run_is_recorded_with_its_error_and_writes_nothing(accounts, officer):
    AccountEntry.objects.create(account=accounts[0], year=2025, value_date=datetime.date(2025, 2, 1),
                                kind="credit", component="personal", amount=Decimal("100"))
    AccountEntry.objects.create(account=accounts[1], year=2025, value_date=datetime.date(2025, 2, 1),
                                kind="credit", component="personal", amount=Decimal("100"))
    # A stray year-end interest entry written outside a posting collides with the unique constraint.
    AccountEntry.objects.create(account=accounts[1], year=2025, value_date=datetime.date(2025, 12, 31),
                                kind="interest", component="interest", amount=Decimal("1.00"))
    run = interest_post_year(actor=officer, year=2025)
    assert run.status == "failed" and "IntegrityError" in run.error
    assert run.started_at and run.finished_at
    assert not InterestPosting.objects.exists()
    assert AccountEntry.objects.filter(kind="interest").count() == 1


def test_rate_of_a_posted_year_cannot_change(accounts, officer):
    interest_post_year(actor=officer, year=2025)
    with pytest.raises(Conflict):
        interest_rate_set(actor=officer, year=2025, rate_percent=Decimal("3"), rounding="half_up",
                          month_rule="after_value_month")


def test_late_approval_in_a_posted_year_gets_catch_up_interest(make_contribution, resident_a, officer, accounts):
    interest_post_year(actor=officer, year=2025)
    late = make_contribution(resident_a, paid_on=datetime.date(2025, 3, 2), personal="300.00", year=2025,
                             status="approved")
    entries = credit_contribution(contribution=late, actor=officer)
    catch_up = [e for e in entries if e.kind == "interest"]
    rate = InterestRate.objects.get(year=2025)
    assert len(catch_up) == 1 and catch_up[0].value_date == datetime.date(2025, 12, 31)
    assert catch_up[0].amount == interest_on(opening=Decimal(0), movements=[(late.paid_on, Decimal("300.00"))],
                                             posting=rate)


def test_management_command_posts_once_and_says_so_the_second_time(accounts, capsys):
    AccountEntry.objects.create(account=accounts[0], year=2025, value_date=datetime.date(2025, 1, 10),
                                kind="credit", component="personal", amount=Decimal("1000"))
    call_command("post_interest", year=2025)
    out = capsys.readouterr().out
    assert "succeeded" in out and "1 accounts" in out
    call_command("post_interest", year=2025)
    assert InterestRun.objects.count() == 1
    assert AccountEntry.objects.filter(kind="interest").count() == 1
    assert OperationLog.objects.filter(action="interest.post").count() == 1


def test_officer_button_runs_the_task_and_the_run_is_visible(web, officer, auditor, accounts):
    AccountEntry.objects.create(account=accounts[0], year=2025, value_date=datetime.date(2025, 1, 10),
                                kind="credit", component="personal", amount=Decimal("1000"))
    client = web(officer)
    r = client.post("/funds/interest/post/", {"year": 2025})
    assert r.status_code == 302
    run = InterestRun.objects.get()
    # Celery runs eagerly without a broker; on_commit fires at the end of the request under the test client
    # only when the test is transactional, so execute the committed run here as the worker would.
    if run.status == "queued":
        interest_run_execute(run_id=run.pk)
    run.refresh_from_db()
    # seeded 2025 rate 2.60%, 1000 from January 10th: 11 months (Feb–Dec) → 1000 × 11 × 2.6% ÷ 12 = 23.83
    assert run.status == "succeeded" and run.total_interest == Decimal("23.83")
    page = web(auditor).get("/funds/interest/").content.decode()
    assert "记账利率" in page or "利息" in page
    again = web(officer).post("/funds/interest/post/", {"year": 2025}, follow=True)
    assert "已" in again.content.decode()
    assert InterestRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_button_enqueues_the_celery_task_after_commit(client, county, accounts):
    from pension.models import Post, User

    officer = User.objects.create_user("off", password="pw-for-tests-123", post=Post.COUNTY_OFFICER, area=county)
    AccountEntry.objects.create(account=accounts[0], year=2025, value_date=datetime.date(2025, 7, 10),
                                kind="credit", component="personal", amount=Decimal("1200"))
    client.force_login(officer)
    client.post("/funds/interest/post/", {"year": 2025})
    run = InterestRun.objects.get()
    assert run.status == "succeeded" and run.requested_by == officer
    # 1200 × 5 months (Aug–Dec) × 2.60% ÷ 12 = 13.00
    assert AccountEntry.objects.get(kind="interest").amount == Decimal("13.00")


@pytest.mark.parametrize("persona", ["clerk_a", "auditor", "finance"])
def test_only_the_county_officer_posts_interest(web, api, request, persona):
    user = request.getfixturevalue(persona)
    assert web(user).post("/funds/interest/post/", {"year": 2025}).status_code == 403
    assert api(user).post("/api/v1/interest-runs/", {"year": 2025}, format="json").status_code == 403
    assert not InterestRun.objects.exists()


def test_clerk_cannot_see_the_interest_page_but_auditor_can(web, clerk_a, auditor):
    assert web(clerk_a).get("/funds/interest/").status_code == 403
    assert web(auditor).get("/funds/interest/").status_code == 200


def test_exact_half_cent_is_rounded_up_not_lost_to_division(accounts, officer):
    # 540 yuan on 31 July at 2.62%: 540 × 5 × 2.62 ÷ 1200 = 5.895 exactly → 5.90 (half up), not 5.89.
    InterestRate.objects.filter(year=2024).update(rate_percent=Decimal("2.62"), rounding="half_up",
                                                  month_rule="after_value_month")
    AccountEntry.objects.create(account=accounts[0], year=2024, value_date=datetime.date(2024, 7, 31),
                                kind="credit", component="personal", amount=Decimal("540.00"))
    assert interest_post_year(actor=officer, year=2024).total_interest == Decimal("5.90")


@pytest.mark.parametrize("rounding", ["half_up", "down", "half_even"])
def test_posting_rounds_exact_half_cents_by_the_rule(accounts, officer, rounding):
    # At 2.62% from 31 July (5 months): 540 → 5.895, 180 → 1.965, 60 → 0.655, 20 → 0.21833…
    InterestRate.objects.filter(year=2024).update(rate_percent=Decimal("2.62"), rounding=rounding,
                                                  month_rule="after_value_month")
    for account, amount in zip(accounts, ["540", "180", "60", "20"], strict=False):
        AccountEntry.objects.create(account=account, year=2024, value_date=datetime.date(2024, 7, 31),
                                    kind="credit", component="personal", amount=Decimal(amount))
    interest_post_year(actor=officer, year=2024)
    posted = [AccountEntry.objects.get(account=a, kind="interest").amount for a in accounts[:4]]
    expected = {
        "half_up": ["5.90", "1.97", "0.66", "0.22"],
        "down": ["5.89", "1.96", "0.65", "0.21"],
        "half_even": ["5.90", "1.96", "0.66", "0.22"],
    }[rounding]
    assert posted == [Decimal(x) for x in expected]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_credit_during_a_running_posting_waits_and_gets_catch_up_interest(
    make_contribution, resident_a, accounts, county
):
    import threading
    import time

    from django.db import connection

    from pension.models import Post, User

    officer = User.objects.create_user("off", password="pw-for-tests-123", post=Post.COUNTY_OFFICER, area=county)
    late = make_contribution(resident_a, paid_on=datetime.date(2025, 3, 2), personal="300.00", year=2025,
                             status="approved")
    posted, done = threading.Event(), []

    def post_and_hold():
        try:
            with transaction.atomic():
                interest_post_year(actor=officer, year=2025)
                posted.set()
                time.sleep(1.0)  # the posting is still uncommitted while the credit arrives
        finally:
            connection.close()

    def credit():
        try:
            posted.wait(10)
            done.append(credit_contribution(contribution=late, actor=officer))
        finally:
            connection.close()

    threads = [threading.Thread(target=post_and_hold), threading.Thread(target=credit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kinds = sorted(e.kind for e in done[0])
    assert kinds == ["credit", "interest"]  # it waited for the posting, saw it, and caught up
    assert AccountEntry.objects.filter(kind="interest", account__resident=resident_a).count() == 1


def test_scheduled_task_posts_last_year_once(accounts):
    from funds.tasks import post_previous_year_interest_task

    AccountEntry.objects.create(account=accounts[0], year=2025, value_date=datetime.date(2025, 1, 10),
                                kind="credit", component="personal", amount=Decimal("1000"))
    assert post_previous_year_interest_task() == "succeeded"
    assert "2025" in post_previous_year_interest_task()  # already posted: a message, nothing changed
    assert InterestRun.objects.count() == 1 and AccountEntry.objects.filter(kind="interest").count() == 1
