"""A death recorded after its year's interest was posted (issue 10 item 4): the posting paid the account as the
living's, for months after the month of death. Confirming the death (enrollment's `termination_confirmed`,
received in funds/receivers.py) takes that back with one entry.

Rule applied (国发〔2014〕8号 九: at death the balance goes to the heirs; it no longer earns the book rate): what the
posted years from the year of death on credited as interest, less what they owe by the definition with
`months_lost` (the months up to and including the month of death in the year of death, nothing later), is taken
back. Worked out on the account as it stands, so whatever the postings, late approvals (their catch-up interest)
and reversals (the interest they took back) did before, each fen is taken back once:
- credited: every interest entry whose interest date falls in the posted years from the year of death on
  (year-end postings, catch-ups, reversals' take-backs);
- owed: `interest_on` year by year from the opening balance of the year of death, with the principal entries
  (credits, reversals, payouts) by their interest date;
- a catch-up or a take-back dated inside those years for money paid before the year of death holds that money's
  interest of the earlier years too (the death changes nothing there): that part counts as opening balance.

The entry: component interest, kind reversal, source "death" and the resident's id (a database constraint allows
one), dated the day it is written and counting for interest from 31 December of the last posted year. Nothing is
written when no posted year covers the death, nothing more was paid, or it was already taken back.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from pension.oplog import log_operation

from ..models import AccountEntry, Component, EntryKind, IndividualAccount, InterestPosting, SourceKind
from .posting import postings_wait_from
from .rule import interest_earned_by_year, interest_on, months_lost

ZERO = Decimal("0.00")


@transaction.atomic
def interest_take_back_after_death(*, actor, resident_id: int, death_date: datetime.date,
                                   area=None) -> AccountEntry | None:
    """Take back the interest posted years paid the resident's account for months after the month of death.
    Returns the entry written, or None when there is nothing to take back."""
    postings_wait_from(death_date.year)  # a posting running now is seen whole, or sees this death
    account = IndividualAccount.objects.filter(resident_id=resident_id).first()
    if account is None:
        return None
    postings = list(InterestPosting.objects.filter(year__gte=death_date.year).order_by("year"))
    if not postings:
        return None  # the posting of the year of death will stop at the month of death itself
    source = {"source_kind": SourceKind.DEATH, "source_id": resident_id}
    if AccountEntry.objects.filter(**source).exists():
        return None
    amount = _paid_after_death(account, death_date, postings)
    if amount <= 0:
        return None
    today, last = timezone.localdate(), postings[-1].year
    entry = AccountEntry.objects.create(
        account=account, year=today.year, value_date=today, interest_from=datetime.date(last, 12, 31),
        component=Component.INTEREST, kind=EntryKind.REVERSAL, amount=-amount, created_by=actor, **source,
    )
    log_operation(actor=actor, action="account.interest_after_death", obj=account, area=area,
                  reason="interest paid for months after the month of death",
                  after={"amount": str(entry.amount), "death_date": death_date.isoformat(),
                         "years": [p.year for p in postings]})
    return entry


def _paid_after_death(account: IndividualAccount, death_date: datetime.date, postings) -> Decimal:
    """Interest credited for the posted years from the year of death on, less what they owe (module docstring)."""
    jan1, end = datetime.date(death_date.year, 1, 1), datetime.date(postings[-1].year, 12, 31)
    entries = (AccountEntry.objects.filter(account=account)
               .annotate(interest_day=Coalesce("interest_from", "value_date")).filter(interest_day__lte=end))
    opening = entries.filter(interest_day__lt=jan1).aggregate(total=Sum("amount"))["total"] or ZERO
    credited = ZERO
    principal = []
    for day, component, kind, amount, source_kind, source_id in entries.filter(interest_day__gte=jan1).values_list(
            "interest_day", "component", "kind", "amount", "source_kind", "source_id"):
        if component != Component.INTEREST:
            principal.append((day, amount))
            continue
        credited += amount
        if source_kind == SourceKind.CONTRIBUTION:
            earlier = _earned_before(source_id=source_id, year=death_date.year)
            if earlier:
                part = earlier if kind == EntryKind.INTEREST else -earlier
                opening, credited = opening + part, credited - part
    owed, balance = ZERO, opening
    for posting in postings:
        moves = [(day, amount) for day, amount in principal if day.year == posting.year]
        interest = interest_on(opening=balance, movements=moves, posting=posting,
                               lost=months_lost(posting.year, death_date))
        owed += interest
        balance += sum((amount for _day, amount in moves), ZERO) + interest
    return credited - owed


def _earned_before(*, source_id: int, year: int) -> Decimal:
    """The interest a source's credits earned in the posted years before `year` (0 when paid in `year` or later):
    the part of its catch-up or take-back that belongs to those years."""
    credits = list(AccountEntry.objects.filter(source_kind=SourceKind.CONTRIBUTION, source_id=source_id,
                                               kind=EntryKind.CREDIT).values_list("value_date", "amount"))
    if not credits or credits[0][0].year >= year:
        return ZERO
    value_date = credits[0][0]
    postings = list(InterestPosting.objects.filter(year__gte=value_date.year, year__lt=year).order_by("year"))
    earned = interest_earned_by_year(amount=sum((a for _d, a in credits), ZERO), value_date=value_date,
                                     postings=postings)
    return sum((interest for _year, interest in earned), ZERO)
