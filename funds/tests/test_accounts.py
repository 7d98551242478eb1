import datetime
import io
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from funds.models import AccountEntry, EntryKind, InterestPosting, InterestRun
from funds.tests.ledger import credit_contribution, entries_of, reverse_contribution

cents = st.decimals(min_value=0, max_value=5000, places=2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(personal=st.decimals(min_value=1, max_value=5000, places=2), central=cents, provincial=cents,
       municipal=cents, county=cents, hardship=cents, collective=cents, donation=cents)
def test_components_always_sum_to_what_was_credited_and_reversal_mirrors_it(
    make_contribution, resident_a, officer, personal, central, provincial, municipal, county, hardship,
    collective, donation,
):
    with transaction.atomic():  # each example starts from an empty account
        _credit_and_reverse(make_contribution, resident_a, officer, personal, central, provincial, municipal, county,
                            hardship, collective, donation)
        transaction.set_rollback(True)


def _credit_and_reverse(make_contribution, resident_a, officer, personal, central, provincial, municipal, county,
                        hardship, collective, donation):
    c = make_contribution(
        resident_a, personal=str(personal), subsidy_central=central, subsidy_provincial=provincial,
        subsidy_municipal=municipal, subsidy_county=county, hardship_amount=hardship, collective_amount=collective,
        donation_amount=donation, status="approved",
    )
    entries = credit_contribution(contribution=c, actor=officer)
    assert sum(e.amount for e in entries) == c.total
    assert all(e.amount > 0 for e in entries)
    assert len({e.component for e in entries}) == len(entries)
    # crediting twice changes nothing
    assert credit_contribution(contribution=c, actor=officer) and \
        entries_of(c).count() == len(entries)
    reversal = reverse_contribution(contribution=c, actor=officer, reason="错录", on_date=c.paid_on)
    assert sum(e.amount for e in reversal) == -c.total
    reverse_contribution(contribution=c, actor=officer, reason="again", on_date=c.paid_on)
    assert sum(entries_of(c).values_list("amount", flat=True)) == 0


def test_statement_shows_opening_principal_interest_paid_out_and_closing(
    api, make_contribution, resident_a, officer, clerk_a
):
    c1 = make_contribution(resident_a, paid_on=datetime.date(2024, 3, 1), personal="300.00", status="approved",
                           subsidy_county="40.00")
    credit_contribution(contribution=c1, actor=officer)
    account = resident_a.account
    run = InterestRun.objects.create(year=2024, status="succeeded")
    posting = InterestPosting.objects.create(year=2024, run=run, rate_percent=Decimal("2.62"), rounding="half_up",
                                             month_rule="after_value_month", accounts=1, entries=1,
                                             total_interest=Decimal("7.42"))
    AccountEntry.objects.create(account=account, year=2024, value_date=datetime.date(2024, 12, 31),
                                component="interest", kind="interest", amount=Decimal("7.42"), posting=posting)
    c2 = make_contribution(resident_a, paid_on=datetime.date(2025, 4, 10), personal="500.00", status="approved",
                           year=2025, subsidy_central="30.00")
    credit_contribution(contribution=c2, actor=officer)
    AccountEntry.objects.create(account=account, year=2025, value_date=datetime.date(2025, 11, 30),
                                component="personal", kind=EntryKind.PAYOUT, amount=Decimal("-100.00"))
    data = api(clerk_a).get(f"/api/v1/accounts/{resident_a.pk}/statement/?year=2025").json()
    assert data["opening_balance"] == "347.42"
    assert data["principal"] == "530.00"
    assert data["interest"] == "0.00"
    assert data["paid_out"] == "100.00"
    assert data["closing_balance"] == "777.42"
    lines = {line["component"]: line for line in data["components"]}
    assert lines["interest"]["closing"] == "7.42" and lines["personal"]["closing"] == "700.00"
    data24 = api(clerk_a).get(f"/api/v1/accounts/{resident_a.pk}/statement/?year=2024").json()
    assert (data24["opening_balance"], data24["principal"], data24["interest"], data24["closing_balance"]) == (
        "0.00", "340.00", "7.42", "347.42")


def test_clerk_of_township_b_gets_404_on_township_a_statement(api, web, clerk_b, resident_a):
    assert api(clerk_b).get(f"/api/v1/accounts/{resident_a.pk}/statement/?year=2026").status_code == 404
    assert web(clerk_b).get(f"/funds/accounts/{resident_a.pk}/statement/").status_code == 404
    assert web(clerk_b).get(f"/funds/accounts/{resident_a.pk}/statement/export/").status_code == 404


def test_account_list_is_scoped(web, make_contribution, resident_a, resident_b, officer, clerk_b):
    for r in (resident_a, resident_b):
        credit_contribution(contribution=make_contribution(r, status="approved"), actor=officer)
    page = web(clerk_b).get("/funds/accounts/")
    names = [a.resident.name for a in page.context["page"]]
    assert names == ["李四"]
    assert "个人账户" in page.content.decode()


def test_statement_page_and_excel_export_for_the_resident(web, make_contribution, resident_a, officer, auditor):
    credit_contribution(contribution=make_contribution(resident_a, status="approved", subsidy_county="40"),
                                actor=officer)
    page = web(auditor).get(f"/funds/accounts/{resident_a.pk}/statement/?year=2026")
    assert page.status_code == 200 and "¥340.00" in page.content.decode()
    assert resident_a.id_number not in page.content.decode()
    r = web(auditor).get(f"/funds/accounts/{resident_a.pk}/statement/export/?year=2026")
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert resident_a.id_number not in str(rows)
    assert float(rows[-1][1]) == 340.0


@pytest.mark.parametrize("persona", ["admin_user"])
def test_administrator_cannot_read_statements(api, request, persona, resident_a):
    user = request.getfixturevalue(persona)
    assert api(user).get(f"/api/v1/accounts/{resident_a.pk}/statement/").status_code == 403


def test_account_list_shows_each_balance(web, make_contribution, resident_a, officer):
    credit_contribution(contribution=make_contribution(resident_a, status="approved", subsidy_county="40"),
                                actor=officer)
    page = web(officer).get("/funds/accounts/")
    assert [a.balance for a in page.context["page"]] == [Decimal("340.00")]
