from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class KeyDataStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the township's first check")
    TOWNSHIP_CHECKED = "township_checked", _("Awaiting the county's second check")
    COUNTY_CHECKED = "county_checked", _("Awaiting the leader's sign-off")
    APPLIED = "applied", _("Approved and applied")
    REJECTED = "rejected", _("Rejected")


class KeyDataChangeRequest(models.Model):
    """A request to change a resident's key data (name, ID number, birth date, first enrolment month), with its
    evidence. Township first check, county second check, leader sign-off: three different people, none of
    them the requester. Applied through enrollment's service when the leader signs."""

    resident = models.ForeignKey("enrollment.Resident", on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+")
    changes = models.JSONField(_("requested values"))
    before = models.JSONField(_("values before"), default=dict)
    reason = models.TextField(_("reason"))
    evidence = models.FileField(_("evidence"), upload_to="audit/keydata/%Y/%m/")
    status = models.CharField(_("status"), max_length=20, choices=KeyDataStatus.choices, default="submitted")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    township_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    township_checked_at = models.DateTimeField(null=True, blank=True)
    county_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    county_checked_at = models.DateTimeField(null=True, blank=True)
    leader_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    leader_signed_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    SCOPE_PATHS = {"township": "township_id", "village": "resident__village_id"}

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(township_checked_by=F("requested_by")),
                                   name="audit_kd_first_check_not_requester"),
            models.CheckConstraint(condition=~Q(county_checked_by=F("requested_by")),
                                   name="audit_kd_second_check_not_requester"),
            models.CheckConstraint(condition=~Q(county_checked_by=F("township_checked_by")),
                                   name="audit_kd_two_checkers_differ"),
            models.CheckConstraint(condition=~Q(leader_signed_by=F("township_checked_by"))
                                   & ~Q(leader_signed_by=F("county_checked_by"))
                                   & ~Q(leader_signed_by=F("requested_by")),
                                   name="audit_kd_leader_differs"),
        ]
        verbose_name = _("key-data change request")
        verbose_name_plural = _("key-data change requests")
