"""Issue 11 item 5: the review queue at volume. It pages through everything, filters by date, township, village,
clerk and name and keeps the filters after each action, shows the filtered totals (count, amount), approves a
filtered page at once (one service call, one transaction, one audit row per entry); the resubmit form offers the
grades and keeps the date."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from collection import services
from collection.models import Contribution, ContributionStatus
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(make_resident, village_a, village_a2, enter):
    """60 entries of township A: 55 in village A paid on 2 March, 5 in village A2 paid on 3 March."""
    made = []
    for i in range(60):
        village = village_a if i < 55 else village_a2
        r = make_resident(village, name=f"王{i:02d}" if i else "李特别", enrolled=True)
        made.append(enter(r, paid_on=datetime.date(2026, 3, 2 if i < 55 else 3)))
    return made


def test_the_queue_pages_through_everything_not_just_the_oldest_fifty(web, officer, queue):
    page1 = web(officer).get("/collection/review/").content.decode()
    assert 'id="review-totals"' in page1 and ">60<" in page1
    page2 = web(officer).get("/collection/review/?page=2").content.decode()
    shown = len(re.findall(r'name="ids" value="', page1)) + len(re.findall(r'name="ids" value="', page2))
    assert shown == 60


def test_the_queue_filters_by_date_village_clerk_and_name_with_totals(web, officer, clerk_a, queue, village_a2):
    text = web(officer).get(f"/collection/review/?village={village_a2.pk}&date_from=2026-03-03&date_to=2026-03-03"
                            f"&maker={clerk_a.pk}").content.decode()
    assert len(re.findall(r'name="ids" value="', text)) == 5
    totals = re.search(r'id="review-totals".*?</p>', text, re.S).group(0)
    assert "5" in totals and "¥1,500.00" in totals  # five entries of the 300 grade
    text = web(officer).get("/collection/review/?q=李特别").content.decode()
    assert len(re.findall(r'name="ids" value="', text)) == 1


def test_bad_filter_values_are_a_message_not_a_500(web, officer, queue):
    for query in ("date_from=2026-02-30", "maker=abc", "village=x", "page=zz", "township=999"):
        r = web(officer).get(f"/collection/review/?{query}")
        assert r.status_code in (200, 400, 404), query


def test_approving_the_filtered_page_at_once_is_one_transaction_with_audit_rows(web, officer, queue, village_a2):
    r = web(officer).post("/collection/review/approve-page/", {
        "ids": [c.pk for c in queue[55:]], "filters": f"village={village_a2.pk}&date_from=2026-03-03"})
    assert r.status_code == 302
    assert r["Location"].endswith(f"/collection/review/?village={village_a2.pk}&date_from=2026-03-03")
    assert Contribution.objects.filter(status=ContributionStatus.APPROVED).count() == 5
    assert OperationLog.objects.filter(action="contribution.approve").count() == 5


def test_approve_many_is_all_or_nothing(officer, queue, enter, make_resident, village_a):
    own = enter(make_resident(village_a, name="自录", enrolled=True), actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.contribution_approve_many(actor=officer, contributions=[*queue[:3], own])
    assert "自录" in " ".join(exc.value.messages)
    assert not Contribution.objects.filter(status=ContributionStatus.APPROVED).exists()


def test_approve_many_approves_and_credits_each(officer, queue):
    done = services.contribution_approve_many(actor=officer, contributions=queue[:10])
    assert len(done) == 10
    assert Contribution.objects.filter(status=ContributionStatus.APPROVED).count() == 10


def test_actions_from_the_queue_keep_the_filters(web, officer, queue, village_a2):
    c = queue[57]
    nxt = f"/collection/review/?village={village_a2.pk}&page=1"
    r = web(officer).post(f"/collection/contributions/{c.pk}/return/", {"reason": "票据不符", "next": nxt})
    assert r["Location"] == nxt


def test_the_queue_runs_a_fixed_number_of_queries(web, officer, queue, django_assert_max_num_queries):
    client = web(officer)
    with django_assert_max_num_queries(14):
        assert client.get("/collection/review/").status_code == 200


def test_the_clerk_of_township_b_cannot_see_the_queue(web, clerk_b, queue):
    assert web(clerk_b).get("/collection/review/").status_code == 403


def test_the_resubmit_form_offers_the_grades_and_keeps_the_date(web, officer, clerk_a, queue):
    c = queue[0]
    services.contribution_return(actor=officer, contribution=c, reason="档次不对")
    text = web(clerk_a).get(f"/collection/contributions/{c.pk}/").content.decode()
    form = text[text.index("contribution_resubmit") - 200 if "contribution_resubmit" in text else
                text.index("/resubmit/") - 200:]
    assert '<select name="grade"' in form
    assert 'value="500.00"' in form or 'value="500"' in form
    assert 'value="2026-03-02"' in form
    assert Decimal(c.grade) == Decimal("300.00")
