"""The sign-off (签认) of a reconciled day by county finance (issue 11 item 7). A dated row with who and when; once
written, that township's day is locked: no contribution paid that day, no deposit dated that day and no
cancellation touching it is accepted any more. Never edited or deleted."""

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

    SCOPE_PATHS = {"township": "township_id", "village": "township__children"}

    class Meta:
        ordering = ["-date", "township_id"]
        constraints = [
            models.UniqueConstraint(fields=["township", "date"], name="one_signoff_per_township_day"),
            models.CheckConstraint(condition=models.Q(collected=models.F("deposited")),
                                   name="signoff_only_when_balanced"),
        ]
        verbose_name = _("day sign-off")
        verbose_name_plural = _("day sign-offs")

    def __str__(self) -> str:
        return f"{self.township_id} {self.date}"
