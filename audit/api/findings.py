"""The audit API: findings with their workflow actions."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from pension.models import Post
from pension.parsers import JSONParser
from pension.permissions import PostPermission

from .. import selectors, services
from ..apps import SECTION_POSTS
from ..models import Finding, SampleRecord
from .common import AUDIT_READERS, AUDITORS, township_by_code


class FindingSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", read_only=True, default=None)

    class Meta:
        model = Finding
        fields = ["id", "plan", "sample", "flag", "focus_area", "title", "description", "section", "township",
                  "status", "raised_by", "raised_at", "head_signed_by", "head_signed_at", "leader_signed_by",
                  "leader_signed_at", "respond_by", "explanation", "rectification_plan", "rectify_by",
                  "evidence_note", "closed_by", "closed_at", "close_note"]
        read_only_fields = fields


class FindingCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    section = serializers.CharField(max_length=10)
    township = serializers.CharField(max_length=15, required=False, allow_blank=True, help_text="9-digit code")
    plan = serializers.IntegerField(required=False)
    sample = serializers.IntegerField(required=False)


class FindingActionSerializer(serializers.Serializer):
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    plan = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = AUDIT_READERS | SECTION_POSTS
    write_posts = AUDITORS
    serializer_class = FindingSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        return selectors.finding_list(user=self.request.user, status=self.request.query_params.get("status"))

    def get_object(self):
        return selectors.finding_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=FindingCreateSerializer, responses={201: FindingSerializer})
    def create(self, request):
        s = FindingCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        sample = None
        if d.get("sample"):
            sample = SampleRecord.objects.filter(pk=d["sample"]).first()
            if sample is None:
                raise NotFound(_("No such sampled record."))
        finding = services.finding_raise(actor=request.user, title=d["title"], description=d["description"],
                                         section=d["section"], township=township_by_code(d.get("township")),
                                         sample=sample)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    def _act(self, request, fn, **kw):
        s = FindingActionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        finding = fn(actor=request.user, finding=self.get_object(), **{k: s.validated_data[v] for k, v in kw.items()})
        return Response(FindingSerializer(finding).data)

    @extend_schema(request=None, responses=FindingSerializer)
    @action(detail=True, methods=["post"], url_path="sign-head", write_posts=AUDITORS)
    def sign_head(self, request, pk=None):
        return self._act(request, services.finding_sign_head)

    @extend_schema(request=None, responses=FindingSerializer)
    @action(detail=True, methods=["post"], url_path="sign-leader", write_posts=frozenset({Post.LEADER}))
    def sign_leader(self, request, pk=None):
        return self._act(request, services.finding_sign_leader)

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=SECTION_POSTS)
    def explain(self, request, pk=None):
        return self._act(request, services.finding_explain, explanation="explanation")

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=SECTION_POSTS)
    def rectify(self, request, pk=None):
        return self._act(request, services.finding_plan_rectification, plan="plan", deadline="deadline")

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=SECTION_POSTS)
    def evidence(self, request, pk=None):
        return self._act(request, services.finding_submit_evidence, upload="evidence", note="note")

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=AUDITORS)
    def accept(self, request, pk=None):
        return self._act(request, services.finding_accept, note="note")

    @extend_schema(request=FindingActionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], write_posts=AUDITORS)
    def reject(self, request, pk=None):
        return self._act(request, services.finding_reject_response, reason="reason")
