"""Campaigns and their rosters, the dated notice parameters, and the record of each job run."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

AREA_SCOPE = {"township": "township_id", "village": "village_id"}


class Campaign(models.Model):
    """A yearly certification campaign (default 1 May – 30 June). Its roster (CampaignEntry) is every recipient
    whose last certification will be older than `validity_months` on the deadline. The dates stay editable;
    each change is logged."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("deadline"))
    validity_months = models.PositiveSmallIntegerField(_("validity (months)"), default=12)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    # Set once the deadline job has suspended everyone still not certified.
    deadline_done_at = models.DateTimeField(_("deadline processed at"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")),
                                              name="campaign_ends_after_start")]
        verbose_name = _("certification campaign")
        verbose_name_plural = _("certification campaigns")

    def __str__(self) -> str:
        return str(self.year)


class EntryStatus(models.TextChoices):
    DUE = "due", _("Not yet certified")
    CERTIFIED = "certified", _("Certified")
    # Left the roster without a certification: the pension was stopped (death, double receipt).
    CLOSED = "closed", _("Closed (pension stopped)")


class CampaignEntry(models.Model):
    """One recipient on a campaign's roster: the work list of clerks and village assistants."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="entries")
    resident = models.ForeignKey("enrollment.Resident", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("resident"))
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    natural_village = models.ForeignKey("pension.Area", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", db_index=False)
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DUE)
    last_certified_on = models.DateField(_("last certified on"), null=True, blank=True)
    record = models.ForeignKey("certification.Record", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=20, blank=True)
    # The deadline job suspended this recipient's pension (through benefits); a later certification resumes it.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    resumed_at = models.DateTimeField(_("resumed at"), null=True, blank=True)

    SCOPE_PATHS = AREA_SCOPE

    class Meta:
        ordering = ["township_id", "village_id", "natural_village_id", "resident__name", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "resident"], name="one_entry_per_campaign")]
        indexes = [
            models.Index(fields=["campaign", "township", "village", "status"], name="cert_entry_area_status"),
            models.Index(fields=["campaign", "natural_village", "status"], name="cert_entry_natural"),
            models.Index(fields=["resident"], name="cert_entry_resident"),
        ]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")


class NoticeParameter(models.Model):
    """The publication window of notices (days), a dated row: the row in force on a day applies."""

    valid_from = models.DateField(_("valid from"), unique=True)
    window_days = models.PositiveSmallIntegerField(_("publication window (days)"), default=7)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-valid_from"]
        constraints = [models.CheckConstraint(condition=Q(window_days__gte=1, window_days__lte=90),
                                              name="notice_window_1_90")]
        verbose_name = _("notice parameter")
        verbose_name_plural = _("notice parameters")


class CertificationRun(models.Model):
    """One run of a job (notices, deadline): who or what started it, when, counts, and the error if it failed."""

    class Kind(models.TextChoices):
        NOTICES = "notices", _("Public notices")
        DEADLINE = "deadline", _("Deadline suspension")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        BUTTON = "button", _("On demand")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="runs")
    # Notices: the events of [period_start, period_end] are published.
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("requested by"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("certification job run")
        verbose_name_plural = _("certification job runs")
