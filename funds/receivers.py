"""Funds listens to enrollment: a confirmed death recorded after its year's interest was posted takes back the
interest paid for months after the month of death (issue 10 item 4), inside the confirming transaction."""

from django.dispatch import receiver

from enrollment.models import TerminationReason
from enrollment.signals import termination_confirmed


@receiver(termination_confirmed, dispatch_uid="funds.take_back_interest_after_death")
def take_back_interest_after_death(sender, *, actor, resident, reason, date, **kwargs):
    if reason != TerminationReason.DEATH or date is None:
        return
    from .services import interest_take_back_after_death

    interest_take_back_after_death(actor=actor, resident_id=resident.pk, death_date=date, area=resident.village)
