"""Signals enrollment sends so apps above it can act on a change of a person's standing without enrollment
importing them (the app order forbids it). Receivers run inside the sender's transaction."""
from django.dispatch import Signal

# Sent inside the transaction that confirms a termination (death, transfer out, employee scheme).
# kwargs: actor, resident, reason (TerminationReason value), date
termination_confirmed = Signal()
