from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import ContributionViewSet, ReceiptBookViewSet
from .api_reconciliation import ReconciliationView

router = SimpleRouter()
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("receipt-books", ReceiptBookViewSet, basename="receipt-book")

urlpatterns = [
    path("reconciliation/", ReconciliationView.as_view(), name="funds-reconciliation"),
    path("", include(router.urls)),
]
