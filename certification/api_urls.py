from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import CampaignViewSet, MatchCaseViewSet, NoticeViewSet, RecordViewSet

router = SimpleRouter()
router.register("certification/campaigns", CampaignViewSet, basename="certification-campaign")
router.register("certification/records", RecordViewSet, basename="certification-record")
router.register("certification/matches", MatchCaseViewSet, basename="certification-match")
router.register("notices", NoticeViewSet, basename="notice")

urlpatterns = [path("", include(router.urls))]
