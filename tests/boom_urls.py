"""A URLconf with views that fail, to see how the project answers an unexpected error."""

from django.urls import include, path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny


@api_view(["GET"])
@permission_classes([AllowAny])
def boom(request):
    raise RuntimeError("an unexpected failure")


def unchecked(request):
    """A page that leaves a bad value to the middleware: the model's own validation fails deep inside."""
    from django.core.exceptions import ValidationError

    raise ValidationError({"amount": "金额不对"})


urlpatterns = [path("api/v1/boom/", boom), path("unchecked/", unchecked), path("", include("pension.urls"))]
