"""Certification records, their evidence files, API idempotency keys and the pass-rate snapshots."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .campaigns import AREA_SCOPE


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    OTHER_PLACE = "other_place", _("Other place")
    HOME_VISIT = "home_visit", _("Home visit")
    DATA_COMPARISON = "data_comparison", _("Data comparison")
    SELF_SERVICE = "self_service", _("Self-service")


class Result(models.TextChoices):
    ALIVE = "alive", _("Alive")
    DECEASED = "deceased", _("Deceased")
    NOT_FOUND = "not_found", _("Not found")
    REFUSED = "refused", _("Refused")


class Record(models.Model):
    """One certification of one person: how, when, by whom, with what result. Never edited; a wrong record is
    followed by a new one."""

    class Source(models.TextChoices):
        WEB = "web", _("Entry screen")
        API = "api", _("API")
        COMPARISON = "comparison", _("Data comparison import")

    resident = models.ForeignKey("enrollment.Resident", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("resident"))
    campaign = models.ForeignKey("certification.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="records")
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    natural_village = models.ForeignKey("pension.Area", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", db_index=False)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    certified_on = models.DateField(_("certified on"))
    death_date = models.DateField(_("death date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.WEB)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("certified by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    SCOPE_PATHS = AREA_SCOPE

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["resident", "certified_on"], name="cert_record_resident"),
            models.Index(fields=["township", "certified_on"], name="cert_record_township"),
            models.Index(fields=["recorded_by", "recorded_at"], name="cert_record_by"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(result="deceased", death_date__isnull=False) | ~Q(result="deceased"),
                                   name="cert_deceased_has_date"),
        ]
        verbose_name = _("certification record")
        verbose_name_plural = _("certification records")

    def __str__(self) -> str:
        return f"{self.resident_id} {self.certified_on} {self.result}"


class Evidence(models.Model):
    """An uploaded photo or PDF, stored under MEDIA_ROOT/certification/ (never under a served URL) by a random
    name without extension; its type was decided from its content. Served only through a scoped view."""

    record = models.ForeignKey(Record, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    village = models.ForeignKey("pension.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                db_index=False)
    path = models.CharField(max_length=200, unique=True)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATHS = {"township": "township_id", "village": "village_id"}

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class IdempotencyKey(models.Model):
    """An API write's Idempotency-Key with the first answer given (pension.idempotency; this app's own table)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"], name="cert_idempotency_key_once")]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")


class PassSnapshot(models.Model):
    """One day's pass-rate figures of one area (township or village) of a campaign, by mode. Written by the
    progress snapshot job; a recomputation of the same day supersedes that day's rows (current=False)."""

    campaign = models.ForeignKey("certification.Campaign", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    area = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    level = models.CharField(max_length=10)
    due = models.PositiveIntegerField(_("due"))
    certified = models.PositiveIntegerField(_("certified"))
    by_mode = models.JSONField(_("certified by mode"), default=dict)
    current = models.BooleanField(default=True)
    computed_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATHS = {"township": "township_id", "village": "area_id"}

    class Meta:
        ordering = ["area__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "day", "area"], condition=Q(current=True),
                                               name="cert_one_current_snapshot")]
        verbose_name = _("pass-rate snapshot")
        verbose_name_plural = _("pass-rate snapshots")
