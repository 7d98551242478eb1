"""The sign-off (签认) of a reconciled day by county finance (issue 11 item 7). A dated row with who and when; once
written, that township's day is locked: no contribution paid that day, no deposit dated that day and no
cancellation touching it is accepted any more. Never deleted.

A signed-off day is reopened only by two people (DESIGN.md: two people for money): a county finance officer asks
with a reason (`DayReopenRequest`), another county officer (finance or business) confirms. The confirmation stamps
`reopened_at` / `reopened_by` on the sign-off, which stays with its history; a reopened sign-off no longer locks
the day, and the day can be signed off again later (a new row: only one sign-off in force per township-day)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class DaySignOff(models.Model):
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"))
    date = models.DateField(_("day"))
    collected = models.DecimalField(_("cash collected"), **MONEY)
    deposited = models.DecimalField(_("deposited"), **MONEY)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("signed off by"))
    signed_at = models.DateTimeField(_("signed off at"), auto_now_add=True)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("reopen confirmed by"))

    SCOPE_PATHS = {"township": "township_id", "village": "township__children"}

    class Meta:
        ordering = ["-date", "township_id"]
        constraints = [
            models.UniqueConstraint(fields=["township", "date"], condition=models.Q(reopened_at__isnull=True),
                                    name="one_signoff_per_township_day"),
            models.CheckConstraint(condition=models.Q(collected=models.F("deposited")),
                                   name="signoff_only_when_balanced"),
            models.CheckConstraint(condition=models.Q(reopened_at__isnull=True, reopened_by__isnull=True)
                                   | models.Q(reopened_at__isnull=False, reopened_by__isnull=False),
                                   name="signoff_reopened_with_who_and_when"),
        ]
        verbose_name = _("day sign-off")
        verbose_name_plural = _("day sign-offs")

    def __str__(self) -> str:
        return f"{self.township_id} {self.date}"


class ReopenStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DayReopenRequest(models.Model):
    """A county finance officer's request to reopen a signed-off day, with the reason. Nothing changes until a
    county officer other than the requester confirms it; a confirmer may reject it with a note, the requester may
    withdraw it. One open request per sign-off; the decider is never the requester (checked by the database)."""

    signoff = models.ForeignKey(DaySignOff, on_delete=models.PROTECT, related_name="reopen_requests",
                                verbose_name=_("day sign-off"))
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=ReopenStatus.choices,
                              default=ReopenStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("confirmed or rejected by"))
    decided_at = models.DateTimeField(_("confirmed or rejected at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    SCOPE_PATHS = {"township": "signoff__township_id", "village": "signoff__township__children"}

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["signoff"], condition=models.Q(status="requested"),
                                    name="one_open_day_reopen_request"),
            models.CheckConstraint(condition=models.Q(decided_by__isnull=True)
                                   | ~models.Q(decided_by=models.F("requested_by")),
                                   name="day_reopen_decider_is_not_requester"),
            models.CheckConstraint(condition=~models.Q(status__in=["confirmed", "rejected"])
                                   | models.Q(decided_by__isnull=False),
                                   name="day_reopen_decision_has_decider"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="day_reopen_has_reason"),
        ]
        verbose_name = _("day reopen request")
        verbose_name_plural = _("day reopen requests")

    def __str__(self) -> str:
        return f"{self.signoff_id} {self.status}"
