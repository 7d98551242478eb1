"""Public notices (公示) per natural village, objections to them, and the townships' posting reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .campaigns import AREA_SCOPE


class Notice(models.Model):
    """The notice of one natural village from one publication run. Its rows are stored already masked
    (name, gender, masked ID, section, detail, date): a notice never holds a full ID number, a bank account,
    a phone number or a birth date, so no page, print, export or API answer can show one."""

    class Section(models.TextChoices):
        CERTIFIED = "certified", _("Certified")
        STARTED = "started", _("Pension started")
        STOPPED = "stopped", _("Pension stopped")

    run = models.ForeignKey("certification.CertificationRun", on_delete=models.PROTECT, related_name="notices")
    campaign = models.ForeignKey("certification.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    natural_village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    published_on = models.DateField(_("published on"))
    window_ends_on = models.DateField(_("objections until"))
    rows = models.JSONField(_("rows"), default=list)
    certified_count = models.PositiveIntegerField(default=0)
    started_count = models.PositiveIntegerField(default=0)
    stopped_count = models.PositiveIntegerField(default=0)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    posted_marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")

    SCOPE_PATHS = AREA_SCOPE

    class Meta:
        ordering = ["-published_on", "natural_village__code"]
        constraints = [models.UniqueConstraint(fields=["run", "natural_village"], name="one_notice_per_run_village")]
        indexes = [models.Index(fields=["township", "run"], name="cert_notice_township_run"),
                   models.Index(fields=["natural_village", "published_on"], name="cert_notice_natural")]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")


class Objection(models.Model):
    """An objection raised against a notice during its window: who raised it, about whom, what, and the
    resolution."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="objections")
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    raised_by = models.CharField(_("raised by"), max_length=50)
    about_resident = models.ForeignKey("enrollment.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("about"))
    content = models.TextField(_("objection"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    SCOPE_PATHS = AREA_SCOPE

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")


class PostingReport(models.Model):
    """A township's written report that its notices were posted, with the stamped scan; the county audit unit
    marks it received."""

    run = models.ForeignKey("certification.CertificationRun", on_delete=models.PROTECT, related_name="reports")
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+")
    scan = models.ForeignKey("certification.Evidence", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    SCOPE_PATHS = {"township": "township_id", "village": "township_id"}

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "township"], name="one_posting_report_per_run"),
            models.CheckConstraint(condition=Q(received_by__isnull=True) | ~Q(received_by=models.F("submitted_by")),
                                   name="posting_report_receiver_not_submitter"),
        ]
        verbose_name = _("posting report")
        verbose_name_plural = _("posting reports")
