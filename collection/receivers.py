"""Collection listens to enrollment: a confirmed termination (death, transfer out, employee scheme) cancels the
resident's pending entries inside the confirming transaction (issue 10 item 4)."""

from django.dispatch import receiver

from enrollment.signals import termination_confirmed


@receiver(termination_confirmed, dispatch_uid="collection.cancel_pending_on_termination")
def cancel_pending_on_termination(sender, *, actor, resident, reason, date, **kwargs):
    from .services import contributions_cancel_for_termination

    contributions_cancel_for_termination(actor=actor, resident=resident, reason=reason, date=date)
