"""Findings: a suspected problem, signed by the audit head and the supervising leader (two different people,
neither the auditor who raised it), answered by the responsible section."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class AuditHead(models.Model):
    """Who heads the audit unit (稽核股负责人) from a date: a dated row. A row with `until` set has ended."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("from"))
    until = models.DateField(_("until"), null=True, blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("audit head")


class Section(models.TextChoices):
    """The section that answers a finding, and the post whose staff answer for it."""

    BUSINESS = "business", _("County business section")
    FINANCE = "finance", _("Fund finance section")
    TOWNSHIP = "township", _("Township office")


SECTION_POSTS = {Section.BUSINESS: "county_officer", Section.FINANCE: "county_finance",
                 Section.TOWNSHIP: "township_clerk"}


class FindingStatus(models.TextChoices):
    RAISED = "raised", _("Raised, awaiting the audit head")
    HEAD_SIGNED = "head_signed", _("Signed by the audit head, awaiting the leader")
    SENT = "sent", _("Sent to the section")
    EXPLAINED = "explained", _("Explanation submitted")
    RECTIFYING = "rectifying", _("Being rectified")
    EVIDENCE = "evidence", _("Completion evidence submitted")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = [s for s in FindingStatus.values if s not in ("closed", "withdrawn")]


class Finding(models.Model):
    plan = models.ForeignKey("audit.AuditPlan", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="findings")
    sample = models.ForeignKey("audit.SampleRecord", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="findings")
    flag = models.ForeignKey("audit.RedFlag", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    focus_area = models.PositiveSmallIntegerField(_("focus area"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    section = models.CharField(_("responsible section"), max_length=10, choices=Section.choices)
    township = models.ForeignKey("pension.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"))
    status = models.CharField(_("status"), max_length=12, choices=FindingStatus.choices, default="raised")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    head_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    head_signed_at = models.DateTimeField(null=True, blank=True)
    leader_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    leader_signed_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateField(_("answer due by"), null=True, blank=True)
    explanation = models.TextField(_("written explanation"), blank=True)
    rectification_plan = models.TextField(_("rectification plan"), blank=True)
    rectify_by = models.DateField(_("rectification deadline"), null=True, blank=True)
    evidence = models.FileField(_("completion evidence"), upload_to="audit/findings/%Y/%m/", blank=True)
    evidence_note = models.TextField(_("completion note"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)

    SCOPE_PATHS = {"township": "township_id", "village": "township__children"}

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(head_signed_by=F("raised_by")), name="audit_head_not_raiser"),
            models.CheckConstraint(condition=~Q(leader_signed_by=F("raised_by")), name="audit_leader_not_raiser"),
            models.CheckConstraint(condition=~Q(leader_signed_by=F("head_signed_by")),
                                   name="audit_two_different_signers"),
        ]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.title
