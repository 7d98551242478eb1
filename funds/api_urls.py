from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("deposits", api.DepositViewSet, basename="deposit")
router.register("interest-runs", api.InterestRunViewSet, basename="interest-run")

urlpatterns = [
    path("accounts/<int:resident_id>/statement/", api.StatementView.as_view(), name="funds-account-statement"),
    path("", include(router.urls)),
]
