"""Receipt books (票据领取、使用、核销): number ranges issued to a township, and the numbers voided."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReceiptBook(models.Model):
    """A range of paper receipt numbers issued by the county to a township (票据领取)."""

    township = models.ForeignKey("pension.Area", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("township"))
    first_number = models.CharField(_("first number"), max_length=20)
    last_number = models.CharField(_("last number"), max_length=20)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_off_at = models.DateTimeField(_("written off at"), null=True, blank=True)
    written_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")

    SCOPE_PATHS = {"township": "township_id", "village": "township__children"}

    class Meta:
        ordering = ["township_id", "first_number"]
        verbose_name = _("receipt book")
        verbose_name_plural = _("receipt books")

    def __str__(self) -> str:
        return f"{self.first_number}–{self.last_number}"

    def numbers(self):
        """Every receipt number of the book, zero-padded to the book's width."""
        width = len(self.first_number)
        for n in range(int(self.first_number), int(self.last_number) + 1):
            yield f"{n:0{width}d}"

    @property
    def size(self) -> int:
        return int(self.last_number) - int(self.first_number) + 1

    def holds(self, number: str) -> bool:
        return len(number) == len(self.first_number) and self.first_number <= number <= self.last_number


class VoidedReceipt(models.Model):
    """A receipt number spoiled or lost, voided with a reason, so it never counts as missing."""

    book = models.ForeignKey(ReceiptBook, on_delete=models.PROTECT, related_name="voided")
    number = models.CharField(_("number"), max_length=20)
    reason = models.TextField(_("reason"))
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATHS = {"township": "book__township_id", "village": "book__township__children"}

    class Meta:
        ordering = ["book_id", "number"]
        constraints = [models.UniqueConstraint(fields=["book", "number"], name="receipt_voided_once")]
        verbose_name = _("voided receipt")
        verbose_name_plural = _("voided receipts")
