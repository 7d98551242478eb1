"""Benefits listens to enrollment: a confirmed death stops the pension (inside the confirming transaction)."""

from django.dispatch import receiver

from enrollment.models import TerminationReason
from enrollment.signals import termination_confirmed

from .models import Recipient, RecipientStatus

SOURCE = "enrollment.termination"


@receiver(termination_confirmed, dispatch_uid="benefits.stop_on_death")
def stop_pension_on_death(sender, *, actor, resident, reason, date, **kwargs):
    if reason != TerminationReason.DEATH:
        return
    from .services import recipient_stop_for_death

    recipient = Recipient.objects.filter(resident_id=resident.pk).exclude(status=RecipientStatus.STOPPED).first()
    if recipient is None:
        return
    recipient_stop_for_death(actor=actor, recipient=recipient, death_date=date,
                             reason=kwargs.get("note") or "death confirmed in enrolment", source=SOURCE)
