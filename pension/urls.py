from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from enrollment.api import EnrollmentViewSet, ResidentViewSet
from enrollment.api_hardship import HardshipChangeViewSet
from enrollment.api_terminations import TerminationViewSet

from . import error_pages, views, views_staff
from .api import AreaViewSet, ObtainTokenView

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("residents", ResidentViewSet, basename="resident")
router.register("enrollments", EnrollmentViewSet, basename="enrollment")
router.register("terminations", TerminationViewSet, basename="termination")
router.register("hardship-changes", HardshipChangeViewSet, basename="hardship-change")

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/password/", views_staff.PasswordChange.as_view(), name="password_change"),
    path("staff/", include(([
        path("", views_staff.staff_list, name="list"),
        path("new/", views_staff.staff_new, name="new"),
        path("logins/", views_staff.staff_logins, name="logins"),
        path("<int:pk>/deactivate/", views_staff.staff_deactivate, name="deactivate"),
        path("<int:pk>/unlock/", views_staff.staff_unlock, name="unlock"),
        path("<int:pk>/password/", views_staff.staff_password, name="password"),
    ], "staff"))),
    path("accounts/logout/", error_pages.LogoutWithMessage.as_view(), name="logout"),
    path("residents/", include("enrollment.urls")),
    path("funds/", include("funds.urls")),
    path("funds/", include("collection.reconciliation_urls")),
    path("api/v1/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("api/v1/", include(router.urls)),
    path("progress/", include("progress.urls")),
    path("api/v1/", include("progress.api_urls")),
    path("api/v1/", include("funds.api_urls")),
    path("collection/", include("collection.urls")),
    path("api/v1/", include("collection.api_urls")),
    path("benefits/", include("benefits.urls")),
    path("api/v1/", include("benefits.api_urls")),
    path("certification/", include("certification.urls")),
    path("api/v1/", include("certification.api_urls")),
    path("audit/", include("audit.urls")),
    path("api/v1/", include("audit.api_urls")),
    path("health/", include("health_check.urls")),
    # The contract is for signed-in users (sessions or tokens) only; the docs' script is a file of its own (CSP).
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[IsAuthenticated]),
         name="api-docs"),
]

# Chinese error pages in the site's layout, with a way back (issue 11 item 9).
handler403 = "pension.error_pages.permission_denied"
handler404 = "pension.error_pages.page_not_found"
handler500 = "pension.error_pages.server_error"
