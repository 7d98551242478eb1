"""Data comparison (数据比对): imported lists matched by ID number, and the cases a county officer decides."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .campaigns import AREA_SCOPE


class ComparisonKind(models.TextChoices):
    DEATHS = "deaths", _("Death records")
    MEDICAL = "medical", _("Medical-insurance use")
    RETIREES = "retirees", _("Civil-service and enterprise retirees")


class ComparisonImport(models.Model):
    """One uploaded list: accepted as a whole or rejected with every bad row's error (nothing imported)."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected, nothing imported")

    kind = models.CharField(_("kind"), max_length=10, choices=ComparisonKind.choices)
    source_name = models.CharField(_("source"), max_length=100, blank=True)
    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    matched = models.PositiveIntegerField(_("recipients matched"), default=0)
    certified = models.PositiveIntegerField(_("certified by sign of life"), default=0)
    cases = models.PositiveIntegerField(_("cases opened"), default=0)
    error_rows = models.JSONField(_("rows with errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("uploaded by"))

    # County-wide lists: only county posts see them (a township user's scope has no import rows).
    SCOPE_PATHS = {"township": "created_by__area__township_id", "village": "created_by__area_id"}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("comparison import")
        verbose_name_plural = _("comparison imports")


class MatchKind(models.TextChoices):
    DEATH = "death", _("Death")
    OTHER_PENSION = "other_pension", _("Another pension")


class MatchStatus(models.TextChoices):
    OPEN = "open", _("To decide")
    STOPPED = "stopped", _("Pension stopped")
    DISMISSED = "dismissed", _("Dismissed")


class MatchCase(models.Model):
    """A recipient found dead or drawing another pension (by import, or a 'deceased' certification result):
    a county officer other than who raised it decides to stop the pension (through benefits) or dismiss."""

    kind = models.CharField(_("kind"), max_length=15, choices=MatchKind.choices)
    resident = models.ForeignKey("enrollment.Resident", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("resident"))
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    source_import = models.ForeignKey(ComparisonImport, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="match_cases")
    source_record = models.ForeignKey("certification.Record", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    event_date = models.DateField(_("date of death / other pension start"))
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    SCOPE_PATHS = AREA_SCOPE

    class Meta:
        ordering = ["status", "-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("raised_by")),
                                   name="match_decider_not_raiser"),
            models.UniqueConstraint(fields=["resident", "kind"], condition=Q(status="open"),
                                    name="one_open_match_per_kind"),
        ]
        verbose_name = _("match case")
        verbose_name_plural = _("match cases")
