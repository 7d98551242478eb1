from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OperationLog(models.Model):
    """Append-only record of every write (who, when, what, before/after, why).

    Written by `pension.oplog.log_operation` inside the same transaction as the change it records.
    On PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE on this table.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("actor")
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    # The area the object belongs to, so auditors can filter a township's changes.
    area = models.ForeignKey("pension.Area", null=True, on_delete=models.PROTECT, related_name="+")
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("operation log entry")
        verbose_name_plural = _("operation log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
