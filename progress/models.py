"""Quotas and progress: yearly targets, milestones, traffic-light thresholds, daily snapshots, their runs,
and the progress bulletins (通报).

Targets, milestones and thresholds are dated rows the county edits: a new row supersedes the old one, which
stays (nothing is deleted). Snapshots are derived data; a recomputation of the same day supersedes that day's
rows (``current=False``) rather than deleting them, and a partial unique constraint keeps one current row per
area per day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 7, "decimal_places": 2}


class TargetImport(models.Model):
    """One upload of a target workbook: accepted as a whole, or rejected with the errors of every bad row."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected, nothing imported")

    year = models.PositiveSmallIntegerField(_("year"))
    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    imported = models.PositiveIntegerField(_("rows imported"), default=0)
    # Rejected imports keep each row as read plus its errors, so the error workbook can be downloaded later.
    error_rows = models.JSONField(_("rows with errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("uploaded by"))

    SCOPE_PATHS = {"township": "created_by__area__township_id", "village": "created_by__area_id"}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("target import")
        verbose_name_plural = _("target imports")


class Target(models.Model):
    """The yearly target of one township (or, optionally, one village) from its responsibility agreement
    (目标责任书), with the eligible population found by the yearly survey (调查摸底).

    A new import for the same year and area supersedes the row (``current=False``); the old one stays."""

    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"))
    enrolment_target = models.PositiveIntegerField(_("enrolment target (persons)"))
    paying_target = models.PositiveIntegerField(_("collection target (persons paying)"))
    amount_target = models.DecimalField(_("collection target (amount)"), **MONEY)
    eligible = models.PositiveIntegerField(_("eligible population (survey)"))
    current = models.BooleanField(_("current"), default=True)
    source = models.ForeignKey(TargetImport, null=True, blank=True, on_delete=models.PROTECT, related_name="targets")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    SCOPE_PATHS = {"township": "township_id", "village": "area_id"}

    class Meta:
        ordering = ["year", "area__code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "area"], condition=Q(current=True),
                                    name="one_current_target_per_area_year"),
            models.CheckConstraint(condition=Q(amount_target__gte=0), name="target_amount_not_negative"),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.year} {self.area_id}"


class Milestone(models.Model):
    """A dated share of the collection target that every township must reach (default 90% by 30 April and
    100% by 30 May). Retired rather than deleted when the county changes the year's milestones."""

    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("due on"))
    share = models.DecimalField(_("share of the target (%)"), **PERCENT)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["year", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["year", "due_on"], condition=Q(retired_at__isnull=True),
                                    name="one_live_milestone_per_day"),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=100), name="milestone_share_0_100"),
        ]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.share}% @ {self.due_on}"


class Thresholds(models.Model):
    """Traffic-light thresholds of a year, in percentage points behind the share expected today.
    The latest row of a year applies; earlier rows stay as history."""

    year = models.PositiveSmallIntegerField(_("year"))
    behind_points = models.DecimalField(_("behind from (points below expected)"), default=5, **PERCENT)
    far_behind_points = models.DecimalField(_("far behind from (points below expected)"), default=15, **PERCENT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["year", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(behind_points__gte=0), name="thresholds_behind_not_negative"),
            models.CheckConstraint(condition=Q(far_behind_points__gt=models.F("behind_points")),
                                   name="thresholds_far_behind_above_behind"),
        ]
        verbose_name = _("traffic-light thresholds")
        verbose_name_plural = _("traffic-light thresholds")


class ProgressRun(models.Model):
    """One computation of the progress snapshots: who or what started it, when it started and finished,
    how many rows it wrote, and the error if it failed."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        BUTTON = "button", _("On demand")
        COMMAND = "command", _("Command line")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    year = models.PositiveSmallIntegerField(_("year"))
    day = models.DateField(_("snapshot day"), null=True, blank=True)
    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("requested by"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("progress run")
        verbose_name_plural = _("progress runs")

    def __str__(self) -> str:
        return f"{self.year} #{self.pk} {self.status}"

    @property
    def seconds(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class Level(models.TextChoices):
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")


class Snapshot(models.Model):
    """Progress of one area (county, township or village) for one campaign year, as of one day.

    ``paying`` counts residents with a live contribution for the year (entered, returned or approved: not
    reversed, not cancelled), counted in the village they are registered in now; ``renewals`` are those of
    them who also paid for the previous year, ``new_payers`` the rest; ``new_enrollees`` are enrolments begun
    in the year; ``amount`` sums the personal part of those contributions; ``unpaid`` counts enrolled
    residents of paying age (16-59 in the year; from 60 there is no yearly contribution) without one (the
    work list); ``newly_of_age`` counts enrolled residents who turn 60 in the year."""

    run = models.ForeignKey(ProgressRun, on_delete=models.PROTECT, related_name="snapshots")
    year = models.PositiveSmallIntegerField(_("year"))
    day = models.DateField(_("day"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    area = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    parent = models.ForeignKey("pension.Area", null=True, on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey("pension.Area", null=True, on_delete=models.PROTECT, related_name="+")
    current = models.BooleanField(default=True)

    enrolled = models.PositiveIntegerField(_("enrolled"))
    paying = models.PositiveIntegerField(_("paying this year"))
    renewals = models.PositiveIntegerField(_("renewals"))
    new_payers = models.PositiveIntegerField(_("first-time payers"))
    new_enrollees = models.PositiveIntegerField(_("new enrollees"))
    amount = models.DecimalField(_("amount collected (personal)"), **MONEY)
    newly_of_age = models.PositiveIntegerField(_("reaching 60 this year"))
    unpaid = models.PositiveIntegerField(_("enrolled, not yet paid"))

    target_enrolment = models.PositiveIntegerField(_("enrolment target"), null=True)
    target_paying = models.PositiveIntegerField(_("collection target (persons)"), null=True)
    target_amount = models.DecimalField(_("collection target (amount)"), null=True, **MONEY)
    eligible = models.PositiveIntegerField(_("eligible population"), null=True)
    pct_target = models.DecimalField(_("collection target reached (%)"), null=True, **PERCENT)
    pct_amount = models.DecimalField(_("amount target reached (%)"), null=True, **PERCENT)
    pct_enrolment_target = models.DecimalField(_("enrolment target reached (%)"), null=True, **PERCENT)
    enrolment_rate = models.DecimalField(_("enrolment rate (share of eligible, %)"), null=True, **PERCENT)
    # Payout rate (发放率, benefits): eligible residents on the year's newly-of-age lists, how many are paid.
    due_eligible = models.PositiveIntegerField(_("newly of age and eligible"), default=0)
    due_awarded = models.PositiveIntegerField(_("newly of age and paid"), default=0)
    payout_rate = models.DecimalField(_("payout rate (%)"), null=True, **PERCENT)

    # Township totals are read across the county (the ranking); village rows only within scope.
    SCOPE_PATHS = {"township": "township_id", "village": "area_id"}

    class Meta:
        ordering = ["year", "day", "level", "area_id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "day", "area"], condition=Q(current=True),
                                    name="one_current_snapshot_per_area_day"),
        ]
        indexes = [
            models.Index(fields=["year", "level", "day"], name="snapshot_year_level_day"),
            models.Index(fields=["area", "year", "day"], name="snapshot_area_year_day"),
        ]
        verbose_name = _("progress snapshot")
        verbose_name_plural = _("progress snapshots")


class Bulletin(models.Model):
    """A progress bulletin (进度通报) as issued: its content is frozen at issue so the past ones read as they
    were circulated."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        ON_DEMAND = "on_demand", _("On demand")

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # ISO week of a weekly bulletin (e.g. 2026-W18): the schedule issues one per week, however often it fires.
    period = models.CharField(_("period"), max_length=10, blank=True)
    day = models.DateField(_("as of"))
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("issued by"))

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="bulletin_number_once_per_year"),
            models.UniqueConstraint(fields=["year", "period"], condition=Q(kind="weekly"),
                                    name="one_weekly_bulletin_per_week"),
        ]
        verbose_name = _("progress bulletin")
        verbose_name_plural = _("progress bulletins")

    def __str__(self) -> str:
        return f"{self.year}-{self.number}"
