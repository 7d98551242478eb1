from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("bulletins", api.BulletinViewSet, basename="bulletin")

urlpatterns = [
    path("progress/", api.ProgressView.as_view(), name="progress-list"),
    path("progress/history/", api.ProgressHistoryView.as_view(), name="progress-history"),
    path("progress/townships/<str:code>/split/", api.TownshipSplitView.as_view(), name="progress-township-split"),
    *router.urls,
]
