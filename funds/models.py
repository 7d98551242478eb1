"""Individual accounts (个人账户): every credit kept by component, interest and payouts as entries.

The balance is never stored as a mutable number: it is the sum of append-only entries, so every
yuan can be traced to its source (kind and id: a contribution), an interest posting or a payout.
Corrections are reversal entries.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class Component(models.TextChoices):
    PERSONAL = "personal", _("Personal contribution")
    HARDSHIP = "hardship", _("Government-paid for hardship")
    SUBSIDY_CENTRAL = "subsidy_central", _("Central subsidy")
    SUBSIDY_PROVINCIAL = "subsidy_provincial", _("Provincial subsidy")
    SUBSIDY_MUNICIPAL = "subsidy_municipal", _("Municipal subsidy")
    SUBSIDY_COUNTY = "subsidy_county", _("County subsidy")
    COLLECTIVE = "collective", _("Collective subsidy")
    DONATION = "donation", _("Donation")
    INTEREST = "interest", _("Interest")


class SourceKind(models.TextChoices):
    """What an entry's money came from. The ledger stores only the kind and the id of the source; the app that
    owns the source (collection for contributions) maps it to amounts by component."""

    CONTRIBUTION = "contribution", _("Contribution")
    # Interest taken back because a death was recorded after its year was posted; the id is the resident's.
    DEATH = "death", _("Death recorded after the interest posting")


class EntryKind(models.TextChoices):
    CREDIT = "credit", _("Contribution credited")
    REVERSAL = "reversal", _("Contribution reversed")
    INTEREST = "interest", _("Interest")
    PAYOUT = "payout", _("Paid out")


class IndividualAccount(models.Model):
    resident = models.OneToOneField("enrollment.Resident", on_delete=models.PROTECT, related_name="account")
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("opened on"))

    # Scope follows the person: a resident who moves to another township takes the account along (the
    # `township` column stays where it was opened, for the ledger's history).
    SCOPE_PATHS = {"township": "resident__township_id", "village": "resident__village_id"}

    class Meta:
        verbose_name = _("individual account")
        verbose_name_plural = _("individual accounts")


class AccountEntry(models.Model):
    account = models.ForeignKey(IndividualAccount, on_delete=models.PROTECT, related_name="entries")
    year = models.PositiveSmallIntegerField(_("year"))
    value_date = models.DateField(_("value date"), help_text=_("the day the money counts from for interest"))
    # When an entry counts for interest from another day than its value date: a reversal made after the reversed
    # money's year was posted is dated the day it is made (a posted year's statement never changes) but counts
    # from the reversed credit's value date, so the reversed money earns nothing in the years not yet posted;
    # the interest it takes back counts from the 31 December it was credited. Empty: the value date.
    interest_from = models.DateField(_("counts for interest from"), null=True, blank=True)
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    source_kind = models.CharField(_("source kind"), max_length=20, choices=SourceKind.choices, blank=True,
                                   default="", db_default="")
    source_id = models.BigIntegerField(_("source id"), null=True, blank=True)
    # The contribution year (缴费年度) a credit counts for, which a back payment makes earlier than the value date's
    # year; it decides a resident's contribution years for a pension. Empty for interest and payouts.
    for_year = models.PositiveSmallIntegerField(_("counts for year"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    posting = models.ForeignKey("funds.InterestPosting", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="interest_entries")

    SCOPE_PATHS = {"township": "account__resident__township_id", "village": "account__resident__village_id"}

    class Meta:
        ordering = ["value_date", "id"]
        constraints = [
            # Crediting or reversing the same source (a contribution) twice is impossible, not merely avoided.
            models.UniqueConstraint(
                fields=["source_kind", "source_id", "component", "kind"],
                condition=models.Q(source_id__isnull=False),
                name="one_entry_per_source_component_kind",
            ),
            # One year-end interest entry per account and year: posting a year twice cannot double it.
            models.UniqueConstraint(
                fields=["account", "year"],
                condition=models.Q(kind="interest", source_id__isnull=True),
                name="one_interest_entry_per_account_year",
            ),
        ]
        indexes = [models.Index(fields=["account", "year"], name="entry_account_year")]
        verbose_name = _("account entry")
        verbose_name_plural = _("account entries")


# --- Interest parameters, runs and postings -------------------------------------------------------------


class RoundingMode(models.TextChoices):
    HALF_UP = "half_up", _("Round half up (to the cent)")
    DOWN = "down", _("Round down (drop fractions of a cent)")
    HALF_EVEN = "half_even", _("Round half to even (to the cent)")


class MonthRule(models.TextChoices):
    """How many months of a year an amount credited (or debited) during that year is held.
    m is the month of the value date (1–12), d its day of the month."""

    AFTER_VALUE_MONTH = "after_value_month", _("Months after the value month through December (12 − m)")
    INCLUDING_VALUE_MONTH = "including_value_month", _("The value month through December (13 − m)")
    MID_MONTH = "mid_month", _("The value month counts if the value day is the 15th or earlier")


class InterestRate(models.Model):
    """The year's book interest rate (记账利率) set by the province, with its rounding and month rules.
    A dated parameter row the county enters; it cannot change once the year is posted."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    rate_percent = models.DecimalField(_("annual rate (%)"), max_digits=6, decimal_places=4)
    rounding = models.CharField(_("rounding rule"), max_length=12, choices=RoundingMode.choices,
                                default=RoundingMode.HALF_UP)
    month_rule = models.CharField(_("month rule"), max_length=24, choices=MonthRule.choices,
                                  default=MonthRule.AFTER_VALUE_MONTH)
    source = models.CharField(_("source document"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rate_percent__gte=0, rate_percent__lt=20),
                                   name="interest_rate_0_20_percent"),
        ]
        verbose_name = _("interest rate")
        verbose_name_plural = _("interest rates")

    def __str__(self) -> str:
        return f"{self.year} {self.rate_percent}%"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Posted")
    SKIPPED = "skipped", _("Already posted, nothing changed")
    FAILED = "failed", _("Failed")


class InterestRun(models.Model):
    """Every attempt to post a year's interest leaves one of these, whatever its outcome."""

    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    accounts = models.PositiveIntegerField(_("accounts"), default=0)
    entries = models.PositiveIntegerField(_("interest entries"), default=0)
    total_interest = models.DecimalField(_("total interest"), default=0, **MONEY)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("interest run")
        verbose_name_plural = _("interest runs")


class InterestPosting(models.Model):
    """The one posting of a year's interest. Its uniqueness per year is what makes posting idempotent."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    run = models.OneToOneField(InterestRun, on_delete=models.PROTECT, related_name="posting")
    rate_percent = models.DecimalField(_("annual rate (%)"), max_digits=6, decimal_places=4)
    rounding = models.CharField(_("rounding rule"), max_length=12, choices=RoundingMode.choices)
    month_rule = models.CharField(_("month rule"), max_length=24, choices=MonthRule.choices)
    accounts = models.PositiveIntegerField(_("accounts"))
    entries = models.PositiveIntegerField(_("interest entries"))
    total_interest = models.DecimalField(_("total interest"), **MONEY)
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("interest posting")
        verbose_name_plural = _("interest postings")


# --- Deposits from the credit cooperative ------------------------------------------------------------


class DepositSource(models.TextChoices):
    API = "api", _("Interface")
    EXCEL = "excel", _("Excel upload")
    FORM = "form", _("Entry form")


class Deposit(models.Model):
    """A deposit voucher (入库凭证): cash a township collected, paid into the fund's income account.
    Never edited or deleted: a wrong voucher is cancelled by a reversal row (negative amount, `reverses` set)."""

    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"))
    date = models.DateField(_("deposit date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    voucher_number = models.CharField(_("voucher number"), max_length=40)
    source = models.CharField(_("source"), max_length=10, choices=DepositSource.choices)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by", verbose_name=_("reverses"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))

    SCOPE_PATHS = {"township": "township_id", "village": "township__children"}

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["voucher_number"], condition=models.Q(reverses__isnull=True),
                                    name="deposit_voucher_once"),
            models.CheckConstraint(
                condition=models.Q(reverses__isnull=True, amount__gt=0)
                | models.Q(reverses__isnull=False, amount__lt=0),
                name="deposit_positive_reversal_negative",
            ),
        ]
        indexes = [models.Index(fields=["township", "date"], name="deposit_township_day")]
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")

    def __str__(self) -> str:
        return f"{self.voucher_number} ¥{self.amount}"


class IdempotencyKey(models.Model):
    """An API write's Idempotency-Key with the first answer given, so a replay returns that answer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=50)
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_key_once")]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")


class DepositReversalProposal(models.Model):
    """Cancelling a deposit voucher is a two-person correction (issue 10 item 5): proposed by one person,
    carried out (the negative row) only when a second county officer confirms, neither of them the person who
    recorded the voucher. The recorder is copied here so the database can check it."""

    deposit = models.ForeignKey(Deposit, on_delete=models.PROTECT, related_name="reversal_proposals")
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, default="proposed", choices=[
        ("proposed", _("Proposed, awaiting confirmation")), ("confirmed", _("Confirmed")),
        ("rejected", _("Rejected"))])
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("confirmed or rejected by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    SCOPE_PATHS = {"township": "deposit__township_id", "village": "deposit__township__children"}

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["deposit"], condition=models.Q(status="proposed"),
                                    name="one_open_deposit_reversal_proposal"),
            models.CheckConstraint(condition=~models.Q(proposed_by=models.F("recorded_by")),
                                   name="deposit_reversal_proposer_is_not_recorder"),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | (~models.Q(decided_by=models.F("proposed_by")) & ~models.Q(decided_by=models.F("recorded_by"))),
                name="deposit_reversal_confirmer_is_a_third_person"),
        ]
        verbose_name = _("deposit cancellation proposal")
        verbose_name_plural = _("deposit cancellation proposals")


from .models_signoff import DayReopenRequest, DaySignOff, ReopenStatus  # noqa: E402,F401
