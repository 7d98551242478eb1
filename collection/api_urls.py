from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import ContributionViewSet, ReceiptBookViewSet

router = SimpleRouter()
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("receipt-books", ReceiptBookViewSet, basename="receipt-book")

urlpatterns = [path("", include(router.urls))]
