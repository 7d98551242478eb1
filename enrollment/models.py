from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import Hardship  # noqa: F401  (imported from here by other apps)


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class ResidentStanding(models.TextChoices):
    """A resident's standing in the scheme (Resident.enrolment_status): never, now, or no longer enrolled."""

    NOT_ENROLLED = "not_enrolled", _("Not enrolled")
    ACTIVE = "active", _("Enrolled")
    TERMINATED = "terminated", _("Terminated")


def name_search_key(name: str) -> str:
    """The name with every character written three times: 王秀英 → 王王王秀秀秀英英英.

    Chinese names are 2–4 characters and clerks search by one or two of them, which a trigram index cannot
    serve on the name itself. On the tripled name every 1-, 2- or 3-character substring of the name is (or
    contains) a trigram, so `name_search LIKE '%<tripled query>%'` is served by the trigram GIN index
    (PostgreSQL, migration 0002), and it matches exactly the names that contain the query."""
    return "".join(ch * 3 for ch in "".join((name or "").split()))


class Resident(models.Model):
    """A person registered (户籍) in the county. Name, ID number and birth date are key data: locked after
    registration, changed only through an approved modification."""

    name = models.CharField(_("name"), max_length=50)
    # Unique through Meta.constraints: the same index, without the LIKE index `unique=True` adds on PostgreSQL
    # (ID numbers are only ever looked up whole).
    id_number = models.CharField(_("ID number"), max_length=18)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True, default="汉族")
    hukou_address = models.CharField(_("hukou address"), max_length=200, blank=True)
    # No single-column indexes on township and village: the indexes below start with them.
    township = models.ForeignKey(
        "pension.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("township"), db_index=False
    )
    village = models.ForeignKey(
        "pension.Area", on_delete=models.PROTECT, related_name="residents", verbose_name=_("village"), db_index=False
    )
    natural_village = models.ForeignKey(
        "pension.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="natural_residents",
        verbose_name=_("natural village"),
    )
    hardship = models.CharField(
        _("hardship category"), max_length=20, choices=Hardship.choices, default=Hardship.NONE
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=30, blank=True)
    enrolment_status = models.CharField(
        _("enrolment status"), max_length=20, choices=ResidentStanding.choices, default=ResidentStanding.NOT_ENROLLED
    )
    death_date = models.DateField(_("death date"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    # Derived from name (see name_search_key), kept in step by save() and the demo seeder's bulk insert.
    name_search = models.CharField(max_length=150, blank=True, editable=False)

    SCOPE_PATHS = {"township": "township_id", "village": "village_id"}
    KEY_FIELDS = ("name", "id_number", "birth_date")

    class Meta:
        ordering = ["township_id", "village_id", "name", "id"]
        indexes = [
            # Covers `SELECT id … WHERE township = … [AND name LIKE …] ORDER BY name, id`: pages are found
            # in the index alone (pension.paging.IdFirstPaginator).
            models.Index(fields=["township", "name", "id"], name="resident_township_name_id"),
            models.Index(fields=["village", "name"], name="resident_village_name"),
            models.Index(fields=["name"], name="resident_name"),
            models.Index(fields=["township", "enrolment_status"], name="resident_township_status"),
        ]
        constraints = [models.UniqueConstraint(fields=["id_number"], name="resident_id_number_unique")]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_search = name_search_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_search"}
        super().save(*args, **kwargs)


class TerminationReason(models.TextChoices):
    DEATH = "death", _("Death")
    TRANSFER_OUT = "transfer_out", _("Transferred out")
    EMPLOYEE_SCHEME = "employee_scheme", _("Moved to the employee pension scheme")


class EpisodeStatus(models.TextChoices):
    """The status of one enrolment episode (Enrollment.status)."""

    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


class Enrollment(models.Model):
    """One enrolment episode (参保登记). At most one that is not terminated per resident."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(_("status"), max_length=20, choices=EpisodeStatus.choices, default="active")
    enrolled_on = models.DateField(_("enrolled on"))
    first_month = models.DateField(_("first enrolment month"), help_text=_("first day of the month (AAC049)"))
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(
        _("termination reason"), max_length=20, choices=TerminationReason.choices, blank=True
    )
    termination_note = models.TextField(_("termination note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    SCOPE_PATHS = {"township": "resident__township_id", "village": "resident__village_id"}

    class Meta:
        ordering = ["-enrolled_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"], condition=~Q(status="terminated"), name="one_open_enrollment_per_resident"
            ),
            models.CheckConstraint(
                condition=Q(status="terminated", terminated_on__isnull=False) | ~Q(status="terminated"),
                name="terminated_enrollment_has_date",
            ),
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.resident_id} {self.status}"


class TerminationStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TerminationRequest(models.Model):
    """A termination of enrolment (death, transfer out, employee scheme) asked for by a clerk or officer. Nothing
    changes until a county officer other than the requester confirms it (enrollment/terminations.py); the
    requester may withdraw it before then. Every reason goes the same way: there is no one-step termination."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="termination_requests")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="termination_requests")
    reason = models.CharField(_("termination reason"), max_length=20, choices=TerminationReason.choices)
    terminated_on = models.DateField(_("termination date"))
    evidence = models.CharField(_("evidence"), max_length=200,
                                help_text=_("the document and its number, e.g. death certificate No. 123"))
    # The scan or photo of the evidence (JPEG, PNG or PDF, recognised by content; pension.uploads): its path under
    # MEDIA_ROOT (never served by a URL; enrollment:termination_evidence_file serves it in scope). Required for a
    # death by the service (not by a constraint: requests made before files were asked for have none).
    evidence_file = models.CharField(_("evidence file"), max_length=200, blank=True)
    evidence_file_type = models.CharField(_("evidence file type"), max_length=100, blank=True)
    evidence_file_size = models.PositiveIntegerField(_("evidence file size"), null=True, blank=True)
    evidence_file_sha256 = models.CharField(_("evidence file SHA-256"), max_length=64, blank=True)
    evidence_file_name = models.CharField(_("evidence file name as uploaded"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TerminationStatus.choices,
                              default=TerminationStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("confirmed or rejected by"))
    checked_at = models.DateTimeField(_("confirmed or rejected at"), null=True, blank=True)
    decision_note = models.TextField(_("reason for rejection"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    SCOPE_PATHS = {"township": "resident__township_id", "village": "resident__village_id"}

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["status", "requested_at"], name="termination_status_requested")]
        constraints = [
            models.UniqueConstraint(fields=["enrollment"], condition=Q(status="requested"),
                                    name="one_open_termination_request"),
            models.CheckConstraint(condition=Q(checked_by__isnull=True) | ~Q(checked_by=F("requested_by")),
                                   name="termination_checker_is_not_requester"),
            models.CheckConstraint(
                condition=~Q(status__in=["confirmed", "rejected"]) | Q(checked_by__isnull=False),
                name="termination_decision_has_checker"),
            models.CheckConstraint(condition=~Q(evidence=""), name="termination_has_evidence"),
            models.CheckConstraint(
                condition=Q(evidence_file="")
                | (~Q(evidence_file_type="") & Q(evidence_file_sha256__regex=r"^[0-9a-f]{64}$")),
                name="termination_file_is_described"),
        ]
        verbose_name = _("termination request")
        verbose_name_plural = _("termination requests")

    def __str__(self) -> str:
        return f"{self.resident_id} {self.reason} {self.status}"



from .models_hardship import (  # noqa: E402,F401
    HardshipChange,
    HardshipChangeStatus,
    HardshipImport,
    HardshipSource,
    ListSource,
)
