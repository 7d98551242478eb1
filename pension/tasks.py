"""Kernel Celery tasks."""

from celery import shared_task


@shared_task(name="pension.outbox_flush")
def outbox_flush() -> int:
    """The beat job (every minute): send the outbox messages the broker could not take when they were written."""
    from .outbox import flush

    sent, _waiting = flush()
    return sent
