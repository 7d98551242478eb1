"""The lock of a day county finance signed off (issue 11 item 7), as the contribution services see it: what an
entry adds to its township's daily cash, and the refusal of a change that would alter a signed-off day's cash."""

from django.core.exceptions import ValidationError

from funds import selectors as funds_selectors

from ..models import Channel, Contribution
from ..rules import ZERO


def cash_footprint(contribution: Contribution) -> tuple:
    """What an entry adds to its township's daily reconciliation: (township, day, cash)."""
    cash = contribution.personal_amount if contribution.channel == Channel.CASH else ZERO
    return (contribution.township_id, contribution.paid_on, cash)


def day_closed_message(contribution: Contribution) -> str:
    """Why taking this entry's cash out of its day is refused (the day is signed off), or "" when it may be;
    holds the day's lock until the caller's transaction ends."""
    township_id, day, cash = cash_footprint(contribution)
    return funds_selectors.day_lock_message(township_id=township_id, day=day, hold=True) if cash else ""


def check_day_open(contribution: Contribution, field: str = "status") -> None:
    """A change that takes cash out of a signed-off day (a cancellation, a reversal) is refused."""
    message = day_closed_message(contribution)
    if message:
        raise ValidationError({field: message})
