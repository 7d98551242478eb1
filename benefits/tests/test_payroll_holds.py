"""The payroll says how many recipients it held back and why: not certified by the deadline, suspended for
another reason, another pension on file. Counted once, when the payroll is generated, and shown on its page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benefits import selectors, services
from benefits.models import PayrollLine

pytestmark = pytest.mark.django_db
THIS = datetime.date.today().replace(day=1)


@pytest.fixture
def county_of_holds(make_recipient, village_a, village_b, officer, clerk_a):
    """Six recipients: two paid, two suspended at the certification deadline, one suspended by hand, one with
    another pension reported (still active, held by the payroll)."""
    people = [make_recipient(village_a if i % 2 else village_b, start_month=THIS) for i in range(6)]
    for r in people[2:4]:
        services.recipient_suspend(actor=None, recipient=r, reason="未按期认证", source="certification.deadline")
    services.recipient_suspend(actor=officer, recipient=people[4], reason="本人申请暂停", source="manual")
    services.other_pension_report(actor=officer, resident_id=people[5].resident_id, kind="employee",
                                  started_on=THIS, note="企业职工养老保险在领")
    return people


def test_a_generated_payroll_records_how_many_it_held_by_reason(county_of_holds, officer):
    payroll = services.payroll_generate(actor=officer, month=THIS)
    assert PayrollLine.objects.filter(payroll=payroll).count() == 2
    assert payroll.held == {"certification": 2, "suspended": 1, "other_pension": 1}
    services.recipient_resume(actor=officer, recipient=county_of_holds[4], reason="恢复", source="manual")
    payroll.refresh_from_db()
    assert payroll.held["suspended"] == 1  # what it held then, not what would be held now


def test_held_counts_is_one_query_however_many_are_held(county_of_holds):
    with CaptureQueriesContext(connection) as ctx:
        counts = selectors.held_counts()
    assert len(ctx.captured_queries) == 1
    assert counts == {"certification": 2, "suspended": 1, "other_pension": 1}


def test_the_payroll_page_shows_the_holds_by_reason_in_a_constant_number_of_queries(
        county_of_holds, make_recipient, village_a, officer, web):
    payroll = services.payroll_generate(actor=officer, month=THIS)
    client = web(officer)
    url = f"/benefits/payrolls/{payroll.pk}/"
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert 'id="held"' in page and "未按期完成资格认证" in page and "其他养老金" in page
    for _ in range(5):
        services.recipient_suspend(actor=None, recipient=make_recipient(village_a, start_month=THIS),
                                   reason="未按期认证", source="certification.deadline")
    from benefits.models import Payroll

    Payroll.objects.filter(pk=payroll.pk).update(held={"certification": 7, "suspended": 1, "other_pension": 1})
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert ">7<" in page
