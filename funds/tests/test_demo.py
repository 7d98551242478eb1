import datetime
import random
from decimal import Decimal

from collection.demo_deposits import seed_deposits
from funds.demo import seed_funds
from funds.models import AccountEntry, Deposit, InterestPosting
from funds.tests.ledger import credit_contribution


def test_demo_deposits_cash_days_and_posts_finished_years(make_contribution, resident_a, resident_b, finance,
                                                          officer, county):
    c1 = make_contribution(resident_a, paid_on=datetime.date(2025, 3, 2), year=2025, status="approved")
    make_contribution(resident_b, paid_on=datetime.date(2025, 3, 2), year=2025, personal="500.00")
    credit_contribution(contribution=c1, actor=officer)
    seed_deposits(county=county, residents=0, rng=random.Random(1), staff=[finance, officer],
                  today=datetime.date(2026, 11, 26))
    summary = seed_funds(county=county, residents=0, rng=random.Random(1), staff=[finance, officer],
                         today=datetime.date(2026, 11, 26))
    assert Deposit.objects.count() == 2 and "2025: succeeded" in summary
    assert sorted(Deposit.objects.values_list("amount", flat=True)) == [Decimal("300.00"), Decimal("500.00")]
    assert InterestPosting.objects.filter(year=2025).exists()
    assert AccountEntry.objects.filter(kind="interest").count() == 1
