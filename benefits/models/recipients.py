"""Recipients: one row per resident receiving a pension, the history of its status, and overpayments.

Months are stored as the first day of the month. A recipient's status changes only through
benefits.services (suspend, resume, stop for death, stop for double receipt); each change leaves an event.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pension.money import fen_equal

MONEY = {"max_digits": 14, "decimal_places": 2}


class RecipientStatus(models.TextChoices):
    ACTIVE = "active", _("Receiving")
    SUSPENDED = "suspended", _("Suspended")
    STOPPED = "stopped", _("Stopped")


class StopReason(models.TextChoices):
    DEATH = "death", _("Death")
    DOUBLE_RECEIPT = "double_receipt", _("Double receipt of a state pension")


class Recipient(models.Model):
    """A resident receiving the pension. Created when the county approves an award."""

    resident = models.OneToOneField("enrollment.Resident", on_delete=models.PROTECT, related_name="recipient",
                                    verbose_name=_("resident"))
    # Copied from the resident when the award is approved (scope and village notices need no join).
    # Indexed by the composites (township, status) and (village, status) only.
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"), db_index=False)
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("village"), db_index=False)
    natural_village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("natural village"))
    status = models.CharField(_("status"), max_length=10, choices=RecipientStatus.choices,
                              default=RecipientStatus.ACTIVE)
    monthly_amount = models.DecimalField(_("monthly amount"), **MONEY)
    # monthly_amount = basic_amount + account_amount; basic_amount = national + provincial + county + extra
    basic_amount = models.DecimalField(_("basic pension per month"), default=0, **MONEY)
    basic_national = models.DecimalField(_("national minimum"), default=0, **MONEY)
    basic_provincial = models.DecimalField(_("provincial top-up"), default=0, **MONEY)
    basic_county = models.DecimalField(_("county top-up"), default=0, **MONEY)
    extra = models.DecimalField(_("long-contribution extra"), default=0, **MONEY)
    account_amount = models.DecimalField(_("account pension per month"), default=0, **MONEY)
    award = models.OneToOneField("benefits.Award", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="recipient", verbose_name=_("award"))
    start_month = models.DateField(_("first month paid"))
    # The last month a payroll has included (arrears after a suspension run from the month after it).
    paid_through = models.DateField(_("paid through"), null=True, blank=True)
    suspended_from = models.DateField(_("suspended from (month)"), null=True, blank=True)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True,
                                  help_text=_("date of death, or the day the other pension began"))
    # The first month that is no longer payable.
    stopped_from = models.DateField(_("not payable from (month)"), null=True, blank=True)
    stop_reason = models.CharField(_("stop reason"), max_length=20, choices=StopReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATHS = {"township": "township_id", "village": "village_id"}

    class Meta:
        ordering = ["township_id", "village_id", "id"]
        indexes = [models.Index(fields=["township", "status"], name="recipient_township_status"),
                   models.Index(fields=["village", "status"], name="recipient_village_status")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="suspended") | Q(suspended_from__isnull=False),
                                   name="recipient_suspended_has_month"),
            models.CheckConstraint(
                condition=~Q(status="stopped") | Q(stopped_on__isnull=False, stopped_from__isnull=False)
                & ~Q(stop_reason=""),
                name="recipient_stopped_has_date_and_reason"),
            models.CheckConstraint(condition=Q(monthly_amount__gte=0), name="recipient_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(
                    fen_equal(models.F("monthly_amount"), models.F("basic_amount") + models.F("account_amount")),
                    fen_equal(models.F("basic_amount"), models.F("basic_national") + models.F("basic_provincial")
                              + models.F("basic_county") + models.F("extra"))),
                name="recipient_amount_adds_up"),
        ]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")

    def __str__(self) -> str:
        return f"{self.resident_id} {self.status}"


class RecipientEventKind(models.TextChoices):
    AWARD = "award", _("Awarded")
    SUSPEND = "suspend", _("Suspended")
    RESUME = "resume", _("Resumed")
    STOP_DEATH = "stop_death", _("Stopped: death")
    STOP_DOUBLE = "stop_double", _("Stopped: double receipt")
    ADJUST = "adjust", _("Amount adjusted")


class RecipientEvent(models.Model):
    """One change of a recipient's standing or amount, with who caused it (`source`) and why."""

    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=RecipientEventKind.choices)
    month = models.DateField(_("from month"))
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    source = models.CharField(_("source"), max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATHS = {"township": "recipient__township_id", "village": "recipient__village_id"}

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["date", "kind"], name="recipient_event_date_kind")]
        verbose_name = _("recipient event")
        verbose_name_plural = _("recipient events")


class OverpaymentKind(models.TextChoices):
    DEATH = "death", _("Paid after death")
    DOUBLE_RECEIPT = "double_receipt", _("Basic pension paid during double receipt")
    OTHER = "other", _("Other")


class Overpayment(models.Model):
    """Money paid that was not due. What is still owed is the amount less the recoveries recorded."""

    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="overpayments",
                                  verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=20, choices=OverpaymentKind.choices)
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    amount = models.DecimalField(_("amount"), **MONEY)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("recorded by"))

    SCOPE_PATHS = {"township": "recipient__township_id", "village": "recipient__village_id"}

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="overpayment_positive"),
                       models.CheckConstraint(condition=Q(last_month__gte=models.F("first_month")),
                                              name="overpayment_months_ordered")]
        verbose_name = _("overpayment")
        verbose_name_plural = _("overpayments")


class RecoveryMethod(models.TextChoices):
    REPAYMENT = "repayment", _("Repaid at once")
    INSTALMENT = "instalment", _("Instalment")
    DEDUCTION = "deduction", _("Deducted from a refund")


class RecoveryStatus(models.TextChoices):
    PROPOSED = "proposed", _("Recorded, waiting for a second person's check")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Recovery(models.Model):
    """One amount recovered on an overpayment. Recorded by one person, counted once another confirms it (a
    deduction is confirmed by whoever approves the settlement it comes from). Never edited."""

    overpayment = models.ForeignKey(Overpayment, on_delete=models.PROTECT, related_name="recoveries")
    method = models.CharField(_("method"), max_length=12, choices=RecoveryMethod.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("recorded by"))
    status = models.CharField(_("status"), max_length=10, choices=RecoveryStatus.choices,
                              default=RecoveryStatus.PROPOSED)
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=200, blank=True)
    # A reversal is a recovery of its own: the negative of a confirmed one, proposed by one person with a reason
    # (in `note`) and counted once another confirms it. The reversed recovery is never changed.
    reverses = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals",
                                 verbose_name=_("reverses"))

    SCOPE_PATHS = {"township": "overpayment__recipient__township_id",
                   "village": "overpayment__recipient__village_id"}

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="recovery_not_zero"),
            models.CheckConstraint(condition=Q(reverses__isnull=True, amount__gt=0)
                                   | Q(reverses__isnull=False, amount__lt=0),
                                   name="recovery_negative_only_as_reversal"),
            models.UniqueConstraint(fields=["reverses"], condition=Q(status__in=["proposed", "confirmed"]),
                                    name="recovery_reversed_once"),
            models.CheckConstraint(condition=Q(checker__isnull=True) | ~Q(checker=models.F("created_by")),
                                   name="recovery_maker_is_not_checker"),
        ]
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")


class StopRequestAction(models.TextChoices):
    """What a request asks for. Each takes a pensioner's money or pays it back, so each takes two people."""

    STOP = "stop", _("Stop")
    SUSPEND = "suspend", _("Suspend")
    RESUME = "resume", _("Resume")


class StopRequestStatus(models.TextChoices):
    PROPOSED = "proposed", _("Requested, waiting for a second person's confirmation")
    CONFIRMED = "confirmed", _("Confirmed and carried out")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Closed: the change was made another way")


class StopRequest(models.Model):
    """A manual change of a recipient's standing, asked for by one township clerk or county officer and confirmed
    by a county officer other than the requester; only the confirmation changes anything. `action` says which:
    a stop (death, double receipt: `kind` and `date` given), a suspension or a resumption (the months suspended are
    paid as arrears by the next payroll). System sources (certification's deadline and late certification,
    enrolment's confirmed death) call the one-step services and need no request."""

    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="stop_requests",
                                  verbose_name=_("recipient"))
    action = models.CharField(_("action"), max_length=10, choices=StopRequestAction.choices,
                              default=StopRequestAction.STOP)
    kind = models.CharField(_("stop reason"), max_length=20, choices=StopReason.choices, blank=True)
    date = models.DateField(_("date"), null=True, blank=True,
                            help_text=_("date of death, or the day the other pension began"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=StopRequestStatus.choices,
                              default=StopRequestStatus.PROPOSED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=200, blank=True)

    SCOPE_PATHS = {"township": "recipient__township_id", "village": "recipient__village_id"}

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(checker__isnull=True) | ~Q(checker=models.F("requested_by")),
                                   name="stop_request_maker_is_not_checker"),
            # A stop may be asked for while a suspension or resumption waits (a death does not wait for it).
            models.UniqueConstraint(fields=["recipient"], condition=Q(status="proposed", action="stop"),
                                    name="stop_request_one_open_per_recipient"),
            models.UniqueConstraint(fields=["recipient"],
                                    condition=Q(status="proposed", action__in=["suspend", "resume"]),
                                    name="stop_request_one_open_suspension_per_recipient"),
            models.CheckConstraint(
                condition=Q(action="stop", date__isnull=False) & ~Q(kind="")
                | Q(action__in=["suspend", "resume"], date__isnull=True, kind=""),
                name="stop_request_stop_has_reason_and_date"),
        ]
        verbose_name = _("standing request")
        verbose_name_plural = _("standing requests")
