"""Claiming a run record (an import, an interest posting, a progress computation): the one pattern.

A task may be delivered twice (acks_late, a redelivery, a beat job re-sending a lost one). The worker claims
the run with ONE conditional UPDATE (waiting → running); the database lets exactly one of two workers see a row
changed, so only that one does the work. Never read the status and then save it: two workers can both read
"queued"."""

from django.db.models import Q


def claim_run(model, pk: int, *, waiting: Q, **running) -> bool:
    """Set `running` (e.g. status="running", started_at=now) on run `pk` if it is `waiting`; True if this caller
    claimed it."""
    return bool(model.objects.filter(pk=pk).filter(waiting).update(**running))
