"""Two-person corrections (issue 10 item 5): a reversal of an approved contribution and the voiding of a range
of receipt numbers are proposed by one person and take effect only when a second county officer confirms them.
Neither may be the maker of the original entry; the database checks it too (the maker is copied onto the
proposal so a CHECK constraint can see it)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class ReversalProposal(models.Model):
    contribution = models.ForeignKey("collection.Contribution", on_delete=models.PROTECT,
                                     related_name="reversal_proposals")
    reason = models.TextField(_("reason"))
    original_maker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("confirmed or rejected by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    SCOPE_PATHS = {"township": "contribution__township_id", "village": "contribution__village_id"}

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contribution"], condition=Q(status="proposed"),
                                    name="one_open_reversal_proposal"),
            models.CheckConstraint(condition=~Q(proposed_by=F("original_maker")),
                                   name="reversal_proposer_is_not_maker"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("proposed_by")) & ~Q(decided_by=F("original_maker"))),
                name="reversal_confirmer_is_a_third_person"),
        ]
        verbose_name = _("reversal proposal")
        verbose_name_plural = _("reversal proposals")


class VoidProposal(models.Model):
    book = models.ForeignKey("collection.ReceiptBook", on_delete=models.PROTECT, related_name="void_proposals")
    first_number = models.CharField(_("first number"), max_length=20)
    last_number = models.CharField(_("last number"), max_length=20)
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("confirmed or rejected by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    SCOPE_PATHS = {"township": "book__township_id", "village": "book__township__children"}

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                                   name="void_confirmer_is_not_proposer"),
        ]
        verbose_name = _("void proposal")
        verbose_name_plural = _("void proposals")
