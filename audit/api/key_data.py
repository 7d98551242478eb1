"""The audit API: key-data modification requests."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from pension.models import Post
from pension.parsers import JSONParser
from pension.permissions import REGISTRARS, PostPermission

from .. import selectors, services
from ..apps import KEY_DATA_POSTS
from ..models import KeyDataChangeRequest


class KeyDataSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    changes = serializers.SerializerMethodField()

    class Meta:
        model = KeyDataChangeRequest
        fields = ["id", "resident", "resident_name", "changes", "before", "reason", "status", "requested_by",
                  "requested_at", "township_checked_by", "county_checked_by", "leader_signed_by", "rejected_by",
                  "reject_reason", "applied_at"]
        read_only_fields = fields

    def get_changes(self, obj) -> dict:
        from pension import idnumber

        return {k: idnumber.mask(v) if k == "id_number" else v for k, v in obj.changes.items()}


class KeyDataCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField()
    name = serializers.CharField(required=False, allow_blank=True, default="")
    id_number = serializers.CharField(required=False, allow_blank=True, default="")
    birth_date = serializers.CharField(required=False, allow_blank=True, default="")
    first_month = serializers.CharField(required=False, allow_blank=True, default="", help_text="YYYY-MM")
    reason = serializers.CharField()
    evidence = serializers.FileField()


class KeyDataRejectSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ModificationRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Key-data modification requests. Create with multipart form data (the evidence is a file)."""

    permission_classes = [PostPermission]
    read_posts = KEY_DATA_POSTS
    write_posts = REGISTRARS
    serializer_class = KeyDataSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KeyDataChangeRequest.objects.none()
        return selectors.keydata_list(user=self.request.user, status=self.request.query_params.get("status"))

    def get_object(self):
        return selectors.keydata_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=KeyDataCreateSerializer, responses={201: KeyDataSerializer})
    def create(self, request):
        s = KeyDataCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        changes = {f: d[f] for f in ("name", "id_number", "birth_date", "first_month") if d[f]}
        req = services.keydata_request(actor=request.user, resident_id=d["resident"], changes=changes,
                                       reason=d["reason"], evidence=d["evidence"])
        return Response(KeyDataSerializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=KeyDataSerializer)
    @action(detail=True, methods=["post"], url_path="township-check",
            write_posts=frozenset({Post.TOWNSHIP_CLERK}))
    def township_check(self, request, pk=None):
        req = services.keydata_township_check(actor=request.user, request=self.get_object())
        return Response(KeyDataSerializer(req).data)

    @extend_schema(request=None, responses=KeyDataSerializer)
    @action(detail=True, methods=["post"], url_path="county-check", write_posts=frozenset({Post.COUNTY_OFFICER}))
    def county_check(self, request, pk=None):
        req = services.keydata_county_check(actor=request.user, request=self.get_object())
        return Response(KeyDataSerializer(req).data)

    @extend_schema(request=None, responses=KeyDataSerializer)
    @action(detail=True, methods=["post"], write_posts=frozenset({Post.LEADER}))
    def sign(self, request, pk=None):
        req = services.keydata_sign(actor=request.user, request=self.get_object())
        return Response(KeyDataSerializer(req).data)

    @extend_schema(request=KeyDataRejectSerializer, responses=KeyDataSerializer)
    @action(detail=True, methods=["post"],
            write_posts=frozenset({Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER, Post.LEADER}))
    def reject(self, request, pk=None):
        s = KeyDataRejectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        req = services.keydata_reject(actor=request.user, request=self.get_object(), reason=s.validated_data["reason"])
        return Response(KeyDataSerializer(req).data)
