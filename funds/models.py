"""Individual accounts (个人账户): every credit kept by component, interest and payouts as entries.

The balance is never stored as a mutable number: it is the sum of append-only entries, so every
yuan can be traced to a contribution, an interest posting or a payout. Corrections are reversal entries.
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


# Contribution field → account component.
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


class EntryKind(models.TextChoices):
    CREDIT = "credit", _("Contribution credited")
    REVERSAL = "reversal", _("Contribution reversed")
    INTEREST = "interest", _("Interest")
    PAYOUT = "payout", _("Paid out")


class IndividualAccount(models.Model):
    resident = models.OneToOneField("enrollment.Resident", on_delete=models.PROTECT, related_name="account")
    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("opened on"))

    SCOPE_PATHS = {"township": "township_id", "village": "resident__village_id"}

    class Meta:
        verbose_name = _("individual account")
        verbose_name_plural = _("individual accounts")


class AccountEntry(models.Model):
    account = models.ForeignKey(IndividualAccount, on_delete=models.PROTECT, related_name="entries")
    year = models.PositiveSmallIntegerField(_("year"))
    value_date = models.DateField(_("value date"), help_text=_("the day the money counts from for interest"))
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    contribution = models.ForeignKey(
        "collection.Contribution", null=True, blank=True, on_delete=models.PROTECT, related_name="account_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    SCOPE_PATHS = {"township": "account__township_id", "village": "account__resident__village_id"}

    class Meta:
        ordering = ["value_date", "id"]
        constraints = [
            # Crediting or reversing the same contribution twice is impossible, not merely avoided.
            models.UniqueConstraint(
                fields=["contribution", "component", "kind"],
                condition=models.Q(contribution__isnull=False),
                name="one_entry_per_contribution_component_kind",
            ),
        ]
        indexes = [models.Index(fields=["account", "year"], name="entry_account_year")]
        verbose_name = _("account entry")
        verbose_name_plural = _("account entries")
