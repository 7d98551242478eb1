"""Signing off a reconciled day (日清签认, issue 11 item 7): collection works out the day's cash at the counter (only
collection may read both sides) and hands the figure to the ledger, which checks the deposits, writes the dated
sign-off row with who and when, and logs it, in this one transaction."""

import datetime

from django.db import transaction

from funds import services as funds_services
from funds.models import DaySignOff
from pension.models import Area

from ..selectors import cash_collected_totals


@transaction.atomic
def reconciliation_sign_off(*, actor, township: Area, date: datetime.date) -> DaySignOff:
    """County finance signs off one township's day; refused unless cash collected equals the deposits. The day's
    lock is held exclusive before the cash is added up: an entry being saved for that day commits first (and is
    counted) or waits and is then refused (funds/signoffs.py `day_hold`)."""
    if isinstance(date, datetime.date) and township is not None:
        funds_services.day_hold(pairs=[(township.pk, date)], exclusive=True)
    collected, _n = cash_collected_totals(user=actor, date_from=date, date_to=date,
                                          township_ids=[township.pk]).get((township.pk, date), (None, 0))
    return funds_services.day_sign_off(actor=actor, township=township, date=date, collected=collected)
