from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A Celery task to send, written in the same transaction as the run it starts (the transactional outbox).

    After the transaction commits the message is sent at once; if the broker (Redis) is down it stays here, unsent,
    and the beat job `pension.outbox_flush` (or `manage.py outbox_flush`) sends it when the broker is back. The
    tasks it sends are idempotent (runs are claimed once), so a message sent twice does no harm."""

    task = models.CharField(_("task"), max_length=100)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["id"], condition=models.Q(sent_at__isnull=True), name="outbox_unsent")]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")

    def __str__(self):
        return f"{self.task} {self.kwargs}"
