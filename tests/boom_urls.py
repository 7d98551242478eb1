"""A URLconf with an API view that fails, to see how the project answers an unexpected error."""

from django.urls import include, path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny


@api_view(["GET"])
@permission_classes([AllowAny])
def boom(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [path("api/v1/boom/", boom), path("", include("pension.urls"))]
