"""Kernel API: token login and areas."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .auth import token_issue, token_ttl
from .models import Area
from .permissions import ALL_POSTS, PostPermission
from .scope import scope_queryset


class ObtainTokenView(APIView):
    """POST {username, password} → {"token": ...}. Failed attempts count towards the axes lock-out."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = AuthTokenSerializer

    @extend_schema(
        request=AuthTokenSerializer,
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField(),
                                                      "expires_at": serializers.DateTimeField()}),
    )
    def post(self, request):
        # The Django request, so that django-axes marks a lock-out on the request its middleware sees.
        serializer = AuthTokenSerializer(data=request.data, context={"request": request._request})
        serializer.is_valid(raise_exception=True)
        token = token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key, "expires_at": token.created + token_ttl()})


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "code", "name", "level", "parent"]


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AreaSerializer
    permission_classes = [PostPermission]
    read_posts = ALL_POSTS
    filterset_fields = ["level", "parent"]

    def get_queryset(self):
        return scope_queryset(self.request.user, Area.objects.all()).order_by("code")
