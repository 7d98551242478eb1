"""Issue 10, the property test: for random residents, years and payment dates, whatever the entry service
accepts and the county approves satisfies every money rule at once (age, back payment, subsidy, payment
date, the resident's standing)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from collection import services
from collection.models import Contribution, ContributionStatus

pytestmark = pytest.mark.django_db


def _rules_hold(c: Contribution, *, enrolled_on: datetime.date, book_issued_on: datetime.date) -> None:
    age = c.year - c.resident.birth_date.year
    assert 16 <= age <= 59, "contribution for a year outside 16-59"
    if c.kind != "normal":
        assert c.subsidy_total == 0 and c.collective_amount == 0, "a back payment got a subsidy"
    assert enrolled_on <= c.paid_on, "paid before enrolment"
    assert c.paid_on <= timezone.localdate(), "paid in the future"
    if c.channel == "cash":
        assert book_issued_on <= c.paid_on, "paid before the receipt book was issued"
    assert c.resident.death_date is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    birth=st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2012, 12, 31)),
    # The campaign year often, so that many examples are accepted; earlier and later years too.
    year=st.one_of(st.just(2026), st.integers(min_value=2018, max_value=2027)),
    paid_on=st.dates(min_value=datetime.date(2025, 11, 1), max_value=datetime.date(2026, 12, 31)),
    channel=st.sampled_from(["cash", "bank"]),
    enrolled_on=st.dates(min_value=datetime.date(2010, 1, 1), max_value=datetime.date(2026, 6, 30)),
)
def test_every_approved_contribution_satisfies_the_rules(make_resident, village_a, clerk_a, officer, book_a,
                                                         birth, year, paid_on, channel, enrolled_on):
    from enrollment.models import Enrollment

    with transaction.atomic():
        resident = make_resident(village_a, name="随机", birth=birth, enrolled=True)
        Enrollment.objects.filter(resident=resident).update(enrolled_on=enrolled_on)
        try:
            c = services.contribution_enter(actor=clerk_a, resident=resident, year=year, grade="300",
                                            channel=channel, receipt_number="26010050" if channel == "cash" else "",
                                            paid_on=paid_on)
            c = services.contribution_approve(actor=officer, contribution=c)
        except ValidationError:
            pass  # refused with a message: nothing to check
        else:
            event("approved")
            assert c.status == ContributionStatus.APPROVED
            c.refresh_from_db()
            _rules_hold(c, enrolled_on=enrolled_on, book_issued_on=datetime.date(2026, 1, 2))
        transaction.set_rollback(True)
