from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditParameters(models.Model):
    """The county's audit parameters, a dated row: the row valid on a day is the latest with valid_from <= day."""

    valid_from = models.DateField(_("valid from"), unique=True)
    sample_size = models.PositiveSmallIntegerField(_("records sampled per kind"), default=5)
    response_days = models.PositiveSmallIntegerField(_("days a section has to answer a finding"), default=15)
    payment_growth_percent = models.DecimalField(
        _("month-on-month payment growth flagged above (%)"), max_digits=6, decimal_places=2, default=20
    )
    certifications_per_day = models.PositiveIntegerField(
        _("certifications one user may record in a day before it is flagged"), default=80
    )
    deposit_grace_days = models.PositiveSmallIntegerField(
        _("days collected cash may wait for its deposit"), default=3
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("audit parameters")
        verbose_name_plural = _("audit parameters")
