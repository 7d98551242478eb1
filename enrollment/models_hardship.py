"""A change of a resident's hardship category (困难类别, 代缴) takes two people (issue 10 item 6).

The category decides how much of the lowest grade the government pays, so it never changes in one step: a clerk
or county officer asks for it with a reason and evidence (`HardshipChange`, enrollment/hardship_changes.py), or a
county officer imports the civil-affairs or disability-federation list (`HardshipImport`) and every difference
becomes such a request; the category changes only when a county officer other than the requester confirms it.
Until then the resident pays as before (collection prices an entry with the category on record)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import Hardship


class HardshipChangeStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class HardshipSource(models.TextChoices):
    CLERK = "clerk", _("Asked for by a clerk or officer")
    REGISTRATION = "registration", _("Declared at registration")
    IMPORT = "import", _("Civil-affairs or disability-federation list")


class ListSource(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("Civil-affairs list (dibao, tekun)")
    DISABILITY_FEDERATION = "disability", _("Disability-federation list")


class HardshipImport(models.Model):
    """One uploaded list: accepted as a whole (its differences became requests) or rejected with every bad row's
    error (nothing written). Residents not registered in the county are reported, not guessed."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected, nothing imported")

    source = models.CharField(_("list"), max_length=15, choices=ListSource.choices)
    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    requested = models.PositiveIntegerField(_("changes requested"), default=0)
    unchanged = models.PositiveIntegerField(_("already in that category"), default=0)
    waiting = models.PositiveIntegerField(_("already awaiting confirmation"), default=0)
    unknown = models.PositiveIntegerField(_("not registered in the county"), default=0)
    error_rows = models.JSONField(_("rows with errors"), default=list, blank=True)
    unknown_rows = models.JSONField(_("rows not registered in the county"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("uploaded by"))

    # County-wide lists: only county posts see them (a township user's scope has no import rows).
    SCOPE_PATHS = {"township": "created_by__area__township_id", "village": "created_by__area_id"}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hardship list import")
        verbose_name_plural = _("hardship list imports")


class HardshipChange(models.Model):
    """A requested change of one resident's hardship category. Nothing changes until a county officer other
    than the requester confirms it; the requester may withdraw it before then."""

    resident = models.ForeignKey("enrollment.Resident", on_delete=models.PROTECT, related_name="hardship_changes")
    from_category = models.CharField(_("category on record"), max_length=20, choices=Hardship.choices)
    to_category = models.CharField(_("new category"), max_length=20, choices=Hardship.choices)
    reason = models.CharField(_("reason"), max_length=200)
    evidence = models.CharField(_("evidence"), max_length=200,
                                help_text=_("the document and its number, e.g. dibao certificate No. 123"))
    source = models.CharField(_("source"), max_length=15, choices=HardshipSource.choices,
                              default=HardshipSource.CLERK)
    source_import = models.ForeignKey(HardshipImport, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="changes")
    status = models.CharField(_("status"), max_length=10, choices=HardshipChangeStatus.choices,
                              default=HardshipChangeStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("confirmed or rejected by"))
    decided_at = models.DateTimeField(_("confirmed or rejected at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    SCOPE_PATHS = {"township": "resident__township_id", "village": "resident__village_id"}

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["status", "requested_at"], name="hardship_change_status")]
        constraints = [
            models.UniqueConstraint(fields=["resident"], condition=Q(status="requested"),
                                    name="one_open_hardship_change"),
            models.CheckConstraint(condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                                   name="hardship_decider_is_not_requester"),
            models.CheckConstraint(
                condition=~Q(status__in=["confirmed", "rejected"]) | Q(decided_by__isnull=False),
                name="hardship_decision_has_decider"),
            models.CheckConstraint(condition=~Q(evidence="") & ~Q(reason=""), name="hardship_has_reason_evidence"),
            models.CheckConstraint(condition=~Q(from_category=F("to_category")), name="hardship_change_changes"),
        ]
        verbose_name = _("hardship change")
        verbose_name_plural = _("hardship changes")

    def __str__(self) -> str:
        return f"{self.resident_id} {self.from_category}->{self.to_category} {self.status}"
