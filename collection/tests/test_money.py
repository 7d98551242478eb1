"""Hypothesis: whatever the parameters, the components add up to what the account is credited."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collection import services
from collection.models import CollectiveSubsidy, ContributionGrade, HardshipShare
from collection.rules import compute_amounts
from funds.tests.ledger import entries_of

cents = st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=2)
grades = st.decimals(min_value=Decimal("1"), max_value=Decimal("9000"), places=2)
shares = st.decimals(min_value=Decimal("0"), max_value=Decimal("1"), places=4)


@given(grade=grades, lowest=grades, share=shares, subsidies=st.tuples(cents, cents, cents, cents),
       collective=cents, donation=cents, subsidised=st.booleans())
def test_personal_plus_hardship_is_the_grade_and_nothing_is_negative(grade, lowest, share, subsidies, collective,
                                                                    donation, subsidised):
    row = ContributionGrade(year=2026, amount=grade, subsidy_central=subsidies[0], subsidy_provincial=subsidies[1],
                            subsidy_municipal=subsidies[2], subsidy_county=subsidies[3])
    a = compute_amounts(grade=row, lowest=lowest, hardship_share=share, collective=collective, donation=donation,
                        subsidised=subsidised)
    assert a["personal_amount"] + a["hardship_amount"] == grade
    assert all(v >= 0 and v == v.quantize(Decimal("0.01")) for v in a.values())
    expected_support = (sum(subsidies) + collective) if subsidised else 0
    assert sum(a.values()) == grade + expected_support + donation


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_approved_contribution_credits_exactly_its_components(data, make_resident, village_a, clerk_a, officer,
                                                              book_a):
    grade = data.draw(st.sampled_from(list(ContributionGrade.objects.filter(year=2026))))
    hardship = data.draw(st.sampled_from(["none", "dibao", "other", "severe_disability"]))
    share = data.draw(shares)
    HardshipShare.objects.update_or_create(year=2026, hardship="other", defaults={"share": share})
    collective = data.draw(cents)
    CollectiveSubsidy.objects.update_or_create(year=2026, village=village_a, defaults={"amount": collective})
    resident = make_resident(village_a, hardship=hardship, enrolled=True)
    c = services.contribution_enter(actor=clerk_a, resident=resident, year=2026, grade=grade.amount,
                                    channel="bank", paid_on=datetime.date(2026, 4, 1))
    services.contribution_approve(actor=officer, contribution=c)
    credited = entries_of(c).aggregate(s=Sum("amount"))["s"]
    assert credited == c.total
    assert c.personal_amount + c.hardship_amount == grade.amount
    by_component = dict(entries_of(c).values_list("component", "amount"))
    assert by_component.get("personal", 0) == c.personal_amount
    assert by_component.get("collective", 0) == c.collective_amount
