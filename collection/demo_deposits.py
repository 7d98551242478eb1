"""Demo deposit vouchers for the cash the demo townships collected (most days balance, a few are short so the
reconciliation has differences to list). Runs after the collection demo. It lives in collection because it reads
collection's cash; it writes funds' Deposit rows in bulk itself (docs/CONVENTIONS.md allows that to demo seeders
only). Demo only."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from funds.models import Deposit, DepositSource
from pension.models import Area, AreaLevel, Post

from .selectors import cash_collected_totals


def already_seeded() -> bool:
    return Deposit.objects.exists()


def seed_deposits(*, county, residents, rng, staff, stdout=None, today=None) -> str:
    today = today or timezone.localdate()
    finance = next((u for u in staff if u.post == Post.COUNTY_FINANCE), None)
    if finance is None:
        return "no finance account: nothing seeded"
    # The county finance post sees the whole county's cash.
    collected = cash_collected_totals(user=finance, date_to=today - datetime.timedelta(days=1))
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
    return f"{len(deposits)} deposit vouchers"


seed_deposits.already_seeded = already_seeded
