from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import ContributionViewSet, ReceiptBookViewSet
from .api_reconciliation import ReconciliationView, ReopenRequestViewSet, SignOffView

router = SimpleRouter()
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("receipt-books", ReceiptBookViewSet, basename="receipt-book")
router.register("reconciliation/reopen-requests", ReopenRequestViewSet, basename="day-reopen-request")

urlpatterns = [
    path("reconciliation/", ReconciliationView.as_view(), name="funds-reconciliation"),
    path("reconciliation/sign-off/", SignOffView.as_view(), name="reconciliation-sign-off"),
    path("", include(router.urls)),
]
