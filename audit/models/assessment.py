"""The yearly risk self-assessment (风险管理检查评估, seed plans 3 and 4): team formed by 30 June, section
self-checks by 31 July, the team's spot check by 31 August (report by 30 August), the city's check
1 September to 20 October."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStage(models.TextChoices):
    TEAM = "team", _("Team formed")
    SELF_CHECK = "self_check", _("Section self-checks")
    SPOT_CHECK = "spot_check", _("Team spot check and report")
    CITY_CHECK = "city_check", _("City check")
    DONE = "done", _("Done")


class RiskAssessment(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    stage = models.CharField(_("stage"), max_length=12, choices=AssessmentStage.choices, default="team")
    team = models.TextField(_("team members"), blank=True)
    team_formed_on = models.DateField(_("team formed on"), null=True, blank=True)
    team_due = models.DateField(_("team due by"))
    self_check_due = models.DateField(_("section self-checks due by"))
    spot_check_due = models.DateField(_("team spot check due by"))
    report_due = models.DateField(_("report due by"))
    city_check_from = models.DateField(_("city check from"))
    city_check_to = models.DateField(_("city check to"))
    spot_check_notes = models.TextField(_("spot-check record"), blank=True)
    report = models.TextField(_("self-assessment report"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    city_check_notes = models.TextField(_("city check record"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("risk self-assessment")


class SectionSelfCheck(models.Model):
    """One section's self-check form: per focus area, how the internal controls are and are carried out."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.PROTECT, related_name="self_checks")
    section = models.CharField(_("section"), max_length=10)
    rows = models.JSONField(_("answers"), default=list)  # [{"area": n, "answer": ..., "notes": ...}]
    summary = models.TextField(_("summary"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "section"], name="audit_one_self_check")]
