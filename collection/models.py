"""Collection (基金征缴): dated parameters, contributions with maker-checker review, receipt books.

Money is Decimal yuan with 2 places. Parameters are rows the county edits per year, never constants.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from funds.models import Component

MONEY = {"max_digits": 12, "decimal_places": 2}


class ContributionGrade(models.Model):
    """One grade (缴费档次) of a year, with the government subsidy split by paying level."""

    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("grade (personal amount)"), **MONEY)
    subsidy_central = models.DecimalField(_("central subsidy"), default=0, **MONEY)
    subsidy_provincial = models.DecimalField(_("provincial subsidy"), default=0, **MONEY)
    subsidy_municipal = models.DecimalField(_("municipal subsidy"), default=0, **MONEY)
    subsidy_county = models.DecimalField(_("county subsidy"), default=0, **MONEY)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["year", "amount"]
        constraints = [models.UniqueConstraint(fields=["year", "amount"], name="one_grade_per_amount_per_year")]
        verbose_name = _("contribution grade")
        verbose_name_plural = _("contribution grades")

    def __str__(self) -> str:
        return f"{self.year} ¥{self.amount}"

    @property
    def subsidy_total(self):
        return self.subsidy_central + self.subsidy_provincial + self.subsidy_municipal + self.subsidy_county


class CollectionYear(models.Model):
    """The dated rules of one campaign year: when it opens and closes, and back payments allowed."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    back_payment_years = models.PositiveSmallIntegerField(
        _("past years open to back payment"), default=0,
        help_text=_("how many past years a resident may still pay for (补缴), without subsidy"),
    )
    # Back payments never get a subsidy (collection/eligibility.py); what the county decides is whether a
    # resident already 60 may still back-pay years before their 60th birthday.
    back_payment_over_60 = models.BooleanField(
        _("residents aged 60 or over may back-pay"), default=False,
        help_text=_("years before their 60th birthday, without subsidy, up to 15 years in all"),
    )
    late_entry_days = models.PositiveSmallIntegerField(
        _("days after closing for late entries"), default=10,
        help_text=_("payments taken during the campaign may still be entered this many days after it closes"),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("collection year")
        verbose_name_plural = _("collection years")

    def __str__(self) -> str:
        return str(self.year)


class HardshipShare(models.Model):
    """The share of the lowest grade the government pays (代缴) for a hardship category in a year."""

    year = models.PositiveSmallIntegerField(_("year"))
    hardship = models.CharField(_("hardship category"), max_length=20)
    share = models.DecimalField(_("share of the lowest grade"), max_digits=5, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "hardship"], name="one_hardship_share_per_year"),
            models.CheckConstraint(condition=Q(share__gte=0, share__lte=1), name="hardship_share_0_1"),
        ]
        verbose_name = _("hardship share")
        verbose_name_plural = _("hardship shares")


class CollectiveSubsidy(models.Model):
    """Optional village collective subsidy (集体补助) per payer, per year."""

    year = models.PositiveSmallIntegerField(_("year"))
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    amount = models.DecimalField(_("amount per payer"), **MONEY)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "village"], name="one_collective_subsidy_per_year")]
        verbose_name = _("collective subsidy")
        verbose_name_plural = _("collective subsidies")


# Contribution field → funds account component (the ledger knows nothing of contributions).
CONTRIBUTION_COMPONENTS = {
    "personal_amount": Component.PERSONAL,
    "hardship_amount": Component.HARDSHIP,
    "subsidy_central": Component.SUBSIDY_CENTRAL,
    "subsidy_provincial": Component.SUBSIDY_PROVINCIAL,
    "subsidy_municipal": Component.SUBSIDY_MUNICIPAL,
    "subsidy_county": Component.SUBSIDY_COUNTY,
    "collective_amount": Component.COLLECTIVE,
    "donation_amount": Component.DONATION,
}


class ContributionKind(models.TextChoices):
    NORMAL = "normal", _("Normal")
    BACK_PAYMENT = "back_payment", _("Back payment")


class Channel(models.TextChoices):
    CASH = "cash", _("Cash at the township office")
    BANK = "bank", _("Bank withholding")


class ContributionStatus(models.TextChoices):
    ENTERED = "entered", _("Entered, awaiting county review")
    RETURNED = "returned", _("Returned to the township")
    APPROVED = "approved", _("Approved")
    REVERSED = "reversed", _("Reversed")
    CANCELLED = "cancelled", _("Cancelled by the township")


# Statuses that still count as the year's contribution (and block a second one).
LIVE_STATUSES = (ContributionStatus.ENTERED, ContributionStatus.RETURNED, ContributionStatus.APPROVED)


class Contribution(models.Model):
    """One resident's payment for one year. Amounts are fixed when entered; an approved contribution is
    never edited: a correction is a reversal (status REVERSED plus a ContributionReversal row)."""

    # No single-column index on resident, township, maker or receipt_book: each leads a composite or unique
    # index below, which serves the same lookups, and every index is paid for by every insert (an import of
    # 100,000 rows maintains each one 100,000 times).
    resident = models.ForeignKey("enrollment.Resident", on_delete=models.PROTECT, related_name="contributions",
                                 db_index=False)
    # Denormalised from the resident at entry, so per-township and per-village sums need no join.
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    village = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices, default="normal")
    grade = models.DecimalField(_("grade"), **MONEY)
    personal_amount = models.DecimalField(_("personal amount"), **MONEY)
    hardship_amount = models.DecimalField(_("government-paid for hardship"), default=0, **MONEY)
    subsidy_central = models.DecimalField(_("central subsidy"), default=0, **MONEY)
    subsidy_provincial = models.DecimalField(_("provincial subsidy"), default=0, **MONEY)
    subsidy_municipal = models.DecimalField(_("municipal subsidy"), default=0, **MONEY)
    subsidy_county = models.DecimalField(_("county subsidy"), default=0, **MONEY)
    collective_amount = models.DecimalField(_("collective subsidy"), default=0, **MONEY)
    donation_amount = models.DecimalField(_("donation"), default=0, **MONEY)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    receipt_book = models.ForeignKey(
        "collection.ReceiptBook", null=True, blank=True, on_delete=models.PROTECT, related_name="contributions",
        db_index=False,
    )
    receipt_number = models.CharField(_("receipt number"), max_length=20, blank=True)
    paid_on = models.DateField(_("paid on"))
    status = models.CharField(_("status"), max_length=20, choices=ContributionStatus.choices, default="entered")
    maker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    made_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    checked_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    SCOPE_PATHS = {"township": "township_id", "village": "village_id"}

    class Meta:
        ordering = ["-made_at", "-id"]
        constraints = [
            # One normal contribution per resident per year: the database refuses a second live one, so
            # parallel identical submissions leave exactly one row.
            models.UniqueConstraint(
                fields=["resident", "year"],
                condition=Q(kind="normal", status__in=["entered", "returned", "approved"]),
                name="one_live_normal_contribution_per_year",
            ),
            models.UniqueConstraint(
                fields=["resident", "year", "kind"],
                condition=Q(kind="back_payment", status__in=["entered", "returned", "approved"]),
                name="one_live_back_payment_per_year",
            ),
            # A used receipt number is used once.
            models.UniqueConstraint(
                fields=["receipt_book", "receipt_number"],
                condition=Q(receipt_book__isnull=False),
                name="receipt_number_used_once",
            ),
            # Maker-checker: nobody reviews their own entry.
            models.CheckConstraint(condition=Q(checker__isnull=True) | ~Q(checker=F("maker")),
                                   name="contribution_maker_is_not_checker"),
            models.CheckConstraint(condition=Q(personal_amount__gte=0), name="contribution_personal_not_negative"),
        ]
        indexes = [
            models.Index(fields=["year", "township", "status"], name="contribution_year_township"),
            models.Index(fields=["year", "village", "status"], name="contribution_year_village"),
            models.Index(fields=["resident", "year"], name="contribution_resident_year"),
            models.Index(fields=["township", "paid_on"], name="contribution_township_day"),
            # The entry screen lists what the clerk entered today.
            models.Index(fields=["maker", "made_at"], name="contribution_maker_time"),
        ]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.resident_id}/{self.year} ¥{self.personal_amount}"

    @property
    def subsidy_total(self):
        return self.subsidy_central + self.subsidy_provincial + self.subsidy_municipal + self.subsidy_county

    @property
    def total(self):
        return (self.personal_amount + self.hardship_amount + self.subsidy_total + self.collective_amount
                + self.donation_amount)

    def amounts_by_component(self) -> list[tuple[str, Decimal]]:
        """The non-zero (account component, amount) pairs of this contribution, in a fixed order: what the
        funds ledger is credited with when it is approved."""
        return [(component, getattr(self, field)) for field, component in CONTRIBUTION_COMPONENTS.items()
                if getattr(self, field)]


class ContributionReversal(models.Model):
    """Why and by whom an approved contribution was reversed. The contribution's amounts stay as they were."""

    contribution = models.OneToOneField(Contribution, on_delete=models.PROTECT, related_name="reversal")
    reason = models.TextField(_("reason"))
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reversed_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATHS = {"township": "contribution__township_id", "village": "contribution__village_id"}


from .models_corrections import ProposalStatus, ReversalProposal, VoidProposal  # noqa: E402,F401
from .models_imports import ImportRun, ImportStatus  # noqa: E402,F401
from .models_receipts import ReceiptBook, VoidedReceipt  # noqa: E402,F401
