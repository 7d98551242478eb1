"""Demo data for the funds pages: the interest of every finished year that has money in accounts. Runs after
the collection demo (which approves and so credits accounts); with no contributions it does nothing. The deposit
vouchers for the cash collected are seeded by collection.demo_deposits (funds may not read contributions).
Demo only."""

from decimal import Decimal

from django.utils import timezone

from pension.models import Post

from .interest import interest_post_year
from .models import AccountEntry, InterestPosting, InterestRate

DEMO_EARLY_RATES = {2012: Decimal("3.0000"), 2013: Decimal("3.0000"), 2014: Decimal("2.7500")}


def already_seeded() -> bool:
    return InterestPosting.objects.exists()


def seed_funds(*, county, residents, rng, staff, stdout=None, today=None) -> str:
    today = today or timezone.localdate()
    finance = next((u for u in staff if u.post == Post.COUNTY_FINANCE), None)
    officer = next((u for u in staff if u.post == Post.COUNTY_OFFICER), None)
    if finance is None or officer is None:
        return "no finance or officer account: nothing seeded"
    posted = []
    first = AccountEntry.objects.order_by("value_date").values_list("value_date", flat=True).first()
    if first:
        # The shipped rate table starts in 2020; demo accounts go back further, so the demo fills the
        # earlier years with the one-year deposit rates residents' accounts then used (demo only).
        for year in range(first.year, 2020):
            InterestRate.objects.get_or_create(
                year=year,
                defaults={"rate_percent": DEMO_EARLY_RATES.get(year, Decimal("1.5000")),
                          "source": "演示数据：当年一年期存款基准利率"},
            )
        for year in range(first.year, today.year):
            if not InterestPosting.objects.filter(year=year).exists():
                run = interest_post_year(actor=officer, year=year)
                posted.append(f"{year}: {run.status} ¥{run.total_interest}")
    return f"interest {', '.join(posted) or 'none'}"


seed_funds.already_seeded = already_seeded
