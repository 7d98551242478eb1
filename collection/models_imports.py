"""The record of each contribution-workbook upload (the run its task claims and reports on)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to run")
    RUNNING = "running", _("Running")
    COMMITTED = "committed", _("All rows saved")
    REJECTED = "rejected", _("Nothing saved: rows with errors")
    FAILED = "failed", _("Failed")


class ImportRun(models.Model):
    """One upload of a contribution workbook and what became of it (the record of the run)."""

    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=200)
    file = models.FileField(upload_to="collection/imports/%Y/%m/", max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default="pending")
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    saved_rows = models.PositiveIntegerField(_("rows saved"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    error_file = models.FileField(upload_to="collection/import-errors/%Y/%m/", max_length=300, blank=True)
    message = models.TextField(_("message"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    SCOPE_PATHS = {"township": "township_id", "village": "township__children"}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contribution import")
        verbose_name_plural = _("contribution imports")

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.finished_at else 0
        return min(100, int(self.processed_rows * 100 / self.total_rows))
