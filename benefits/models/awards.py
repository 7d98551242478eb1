"""The newly-of-age list and awards: who turns 60, whether they qualify, and the award the county approves."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pension.money import fen_equal

from .recipients import MONEY


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible: 15 or more contribution years")
    TRANSITIONAL = "transitional", _("Eligible under the transitional rules")
    MISSING_YEARS = "missing_years", _("Contribution years missing")
    OTHER_PENSION = "other_pension", _("Receives another state pension")
    AWARDED = "awarded", _("Already awarded")


ELIGIBLE_VERDICTS = (Verdict.ELIGIBLE, Verdict.TRANSITIONAL, Verdict.AWARDED)


class DueEntry(models.Model):
    """One resident on a month's newly-of-age list (到龄名单): they turn 60 in `month`, are paid from the month
    after. Rebuilt by the monthly job and on demand; the verdict is as of `computed_at`."""

    month = models.DateField(_("month turning 60"))
    resident = models.ForeignKey("enrollment.Resident", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("resident"))
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"))
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    years_paid = models.PositiveSmallIntegerField(_("contribution years"))
    years_required = models.PositiveSmallIntegerField(_("years required"))
    missing_years = models.JSONField(_("missing years"), default=list, blank=True)
    back_payment = models.DecimalField(_("back payment to close the gap"), default=0, **MONEY)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    SCOPE_PATHS = {"township": "township_id", "village": "village_id"}

    class Meta:
        ordering = ["month", "township_id", "village_id", "id"]
        constraints = [models.UniqueConstraint(fields=["month", "resident"], name="due_entry_once_per_month")]
        indexes = [models.Index(fields=["township", "month"], name="due_township_month")]
        verbose_name = _("newly-of-age entry")
        verbose_name_plural = _("newly-of-age list")


class OtherPensionKind(models.TextChoices):
    EMPLOYEE = "employee", _("Enterprise employees' pension")
    CIVIL_SERVICE = "civil_service", _("Civil-service / public-institution pension")
    OTHER = "other", _("Other state basic pension")


class OtherPensionStatus(models.TextChoices):
    REPORTED = "reported", _("Reported, waiting for the county's check")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


LIVE_OTHER_PENSION = (OtherPensionStatus.REPORTED, OtherPensionStatus.CONFIRMED)


class OtherPension(models.Model):
    """Another state basic pension the resident draws (企业职工养老保险, 机关事业): nobody draws both. A township
    clerk or county officer reports it; a county officer other than the reporter confirms (which stops this
    pension for double receipt) or rejects it. While reported, no award is made and no payroll pays the
    resident; confirmed rows written by certification's matching (its own two-person decision) come confirmed."""

    resident = models.ForeignKey("enrollment.Resident", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("resident"))
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"))
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    kind = models.CharField(_("kind"), max_length=20, choices=OtherPensionKind.choices)
    started_on = models.DateField(_("began on"))
    source = models.CharField(_("source"), max_length=40)
    note = models.TextField(_("evidence and note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OtherPensionStatus.choices,
                              default=OtherPensionStatus.REPORTED)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("reported by"))
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejecting"), blank=True)

    SCOPE_PATHS = {"township": "township_id", "village": "village_id"}

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(checker__isnull=True) | ~Q(checker=F("recorded_by")),
                                   name="other_pension_maker_is_not_checker"),
            models.UniqueConstraint(fields=["resident"], condition=~Q(status="rejected"),
                                    name="one_live_other_pension_per_resident"),
        ]
        indexes = [models.Index(fields=["township", "status"], name="other_pension_township_status")]
        verbose_name = _("other state pension")
        verbose_name_plural = _("other state pensions")


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the township")
    APPROVED = "approved", _("Approved by the county")
    RETURNED = "returned", _("Returned to the township")


class Award(models.Model):
    """The pension awarded (待遇核定). The township proposes, a county officer other than the proposer approves;
    the amounts are fixed when proposed and checked again at approval."""

    resident = models.ForeignKey("enrollment.Resident", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("resident"))
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"))
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    status = models.CharField(_("status"), max_length=10, choices=AwardStatus.choices, default=AwardStatus.PROPOSED)
    parameter = models.ForeignKey("benefits.BenefitParameter", on_delete=models.PROTECT, related_name="+")
    start_month = models.DateField(_("first month paid"))
    basic_national = models.DecimalField(_("national minimum"), **MONEY)
    basic_provincial = models.DecimalField(_("provincial top-up"), **MONEY)
    basic_county = models.DecimalField(_("county top-up"), **MONEY)
    years = models.PositiveSmallIntegerField(_("contribution years"))
    extra_years = models.PositiveSmallIntegerField(_("years beyond the threshold"))
    extra = models.DecimalField(_("long-contribution extra"), **MONEY)
    balance = models.DecimalField(_("account balance"), **MONEY)
    divisor = models.PositiveSmallIntegerField(_("divisor"))
    account_amount = models.DecimalField(_("account pension"), **MONEY)
    basic_amount = models.DecimalField(_("basic pension"), **MONEY)
    monthly_amount = models.DecimalField(_("monthly amount"), **MONEY)
    transitional = models.BooleanField(_("transitional rules"), default=False)
    maker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("proposed by"))
    made_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    return_reason = models.TextField(_("return reason"), blank=True)

    SCOPE_PATHS = {"township": "township_id", "village": "village_id"}

    class Meta:
        ordering = ["-made_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(checker__isnull=True) | ~Q(checker=F("maker")),
                                   name="award_maker_is_not_checker"),
            models.UniqueConstraint(fields=["resident"], condition=~Q(status="returned"),
                                    name="one_live_award_per_resident"),
            models.CheckConstraint(condition=fen_equal(F("monthly_amount"), F("basic_amount") + F("account_amount")),
                                   name="award_amount_adds_up"),
        ]
        indexes = [models.Index(fields=["township", "status"], name="award_township_status")]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
