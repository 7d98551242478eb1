"""The transactional outbox: queue a Celery task so that it is never lost when Redis is down.

    message = outbox.enqueue("funds.post_interest", run_id=run.pk)   # inside the run's transaction
    ...                                                              # after commit it has been sent, or not
    if not message.sent: tell the user "已排队，服务恢复后自动执行"

The row is written in the caller's transaction, so a run and its message exist together or not at all. After
commit the message is sent; a broker that is down leaves it unsent and the beat job `pension.outbox_flush`
(every minute) sends what is left. Tasks are looked up by name in the Celery app, so the kernel imports no app.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def enqueue(task: str, **kwargs) -> OutboxMessage:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox.enqueue must run inside the transaction that creates the run")
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs)
    message.sent = False
    transaction.on_commit(lambda: send(message))
    return message


def send(message: OutboxMessage) -> bool:
    """Hand one message to Celery; True when the broker took it (in eager mode: when the task ran)."""
    from .celery import app

    try:
        if message.task not in app.tasks:
            app.loader.import_default_modules()  # the apps' tasks modules (autodiscovery is lazy)
        app.tasks[message.task].apply_async(kwargs=message.kwargs, retry=False)
    except Exception as exc:  # the broker is down, or an eager task failed: the message waits for the flush
        OutboxMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1, last_error=str(exc)[:1000])
        logger.warning("outbox message %s (%s) not sent: %s", message.pk, message.task, exc)
        message.sent = False
        return False
    OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    message.sent = True
    return True


def flush(*, limit: int = 500) -> tuple[int, int]:
    """Send the messages still waiting, oldest first: (sent, still waiting). Stops at the first failure (the
    broker is still down: no use hammering it)."""
    sent = 0
    waiting = list(OutboxMessage.objects.filter(sent_at__isnull=True).order_by("id")[:limit])
    for message in waiting:
        if not send(message):
            break
        sent += 1
    return sent, waiting_count()


def waiting_count() -> int:
    """How many messages still wait to be sent (the broker was down when they were enqueued)."""
    return OutboxMessage.objects.filter(sent_at__isnull=True).count()


def announce(request, run, success_message: str) -> bool:
    """Tell the user what became of a queued run: the success message, or, when the broker could not take the
    message, that it is queued and will run once the service is back. True when it was sent."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    message = getattr(run, "outbox_message", None)
    if message is not None and not message.sent:
        messages.warning(request, _("Queued; it will run automatically when the service is back."))
        return False
    messages.success(request, success_message)
    return True
