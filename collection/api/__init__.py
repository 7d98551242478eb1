"""The collection API: contributions (entry, review, corrections) and receipt books (issue, voiding, write-off,
gaps). Reconciliation's API is `collection.api_reconciliation`. Serializers shape data; services decide."""

from .contributions import ContributionViewSet
from .receipt_books import ReceiptBookViewSet

__all__ = ["ContributionViewSet", "ReceiptBookViewSet"]
