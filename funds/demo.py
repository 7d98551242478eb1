"""Demo data for the funds pages: deposit vouchers for the cash the demo townships collected (most days
balance, a few are short so the reconciliation has differences to list), and the interest of every
finished year that has money in accounts. Runs after the collection demo (which approves and so credits
accounts); with no contributions it does nothing. Demo only."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from collection import selectors as collection_selectors
from pension.models import Area, AreaLevel, Post

from .interest import interest_post_year
from .models import AccountEntry, Deposit, DepositSource, InterestPosting, InterestRate

DEMO_EARLY_RATES = {2012: Decimal("3.0000"), 2013: Decimal("3.0000"), 2014: Decimal("2.7500")}


def already_seeded() -> bool:
    return Deposit.objects.exists()


def seed_funds(*, county, residents, rng, staff, stdout=None, today=None) -> str:
    today = today or timezone.localdate()
    finance = next((u for u in staff if u.post == Post.COUNTY_FINANCE), None)
    officer = next((u for u in staff if u.post == Post.COUNTY_OFFICER), None)
    if finance is None or officer is None:
        return "no finance or officer account: nothing seeded"
    # The county finance post sees the whole county's cash.
    collected = collection_selectors.cash_collected_totals(user=finance, date_to=today - datetime.timedelta(days=1))
    codes = dict(Area.objects.filter(level=AreaLevel.TOWNSHIP).values_list("id", "code"))
    days = sorted(((paid_on, codes[township_id], township_id, total)
                   for (township_id, paid_on), (total, _n) in collected.items()))
    deposits = []
    for n, (paid_on, code, township_id, amount) in enumerate(days, start=1):
        if not amount or amount <= 0:
            continue  # a day of hardship payers only: nothing was collected in cash, nothing to deposit
        roll = rng.random()
        if roll < 0.02:
            continue  # not deposited yet: a whole day's difference
        if roll < 0.05:
            amount = max(amount - Decimal(rng.choice([50, 100, 200])), Decimal("0.01"))  # short
        deposits.append(Deposit(
            township_id=township_id, date=paid_on, amount=amount,
            voucher_number=f"XYS{paid_on:%Y%m%d}{code[-3:]}{n:05d}",
            source=DepositSource.API, created_by=finance,
        ))
    with transaction.atomic():
        Deposit.objects.bulk_create(deposits, batch_size=2000)
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
    return f"{len(deposits)} deposit vouchers; interest {', '.join(posted) or 'none'}"


seed_funds.already_seeded = already_seeded
