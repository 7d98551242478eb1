from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagStatus(models.TextChoices):
    NEW = "new", _("New")
    DISMISSED = "dismissed", _("Dismissed")
    FINDING = "finding", _("Turned into a finding")


class RedFlag(models.Model):
    """One case a red-flag rule found. `key` names the case within the rule (stable from night to night),
    `fingerprint` the state of its records: a dismissed flag comes back only when the fingerprint changes."""

    rule = models.CharField(_("rule"), max_length=60)
    key = models.CharField(_("case"), max_length=120)
    fingerprint = models.CharField(max_length=64)
    summary = models.CharField(_("summary"), max_length=300)
    links = models.JSONField(_("records"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=FlagStatus.choices, default="new")
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"))
    gone_at = models.DateTimeField(_("no longer found at"), null=True, blank=True)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.TextField(_("reason for dismissal"), blank=True)
    dismissed_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-last_seen", "-id"]
        constraints = [models.UniqueConstraint(fields=["rule", "key"], name="audit_flag_once_per_case")]
        indexes = [models.Index(fields=["status", "rule"])]
        verbose_name = _("red flag")
        verbose_name_plural = _("red flags")


class FlagRun(models.Model):
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, default="running")
    counts = models.JSONField(_("cases per rule"), default=dict)
    new_flags = models.PositiveIntegerField(_("new flags"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["-started_at"]
