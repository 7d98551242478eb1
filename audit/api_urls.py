from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("audit/plans", api.PlanViewSet, basename="audit-plan")
router.register("audit/findings", api.FindingViewSet, basename="audit-finding")
router.register("audit/flags", api.FlagViewSet, basename="audit-flag")
router.register("modification-requests", api.ModificationRequestViewSet, basename="modification-request")

urlpatterns = [path("", include(router.urls))]
