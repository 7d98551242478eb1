"""The audit API: plans and their sampled items and answers."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from pension.permissions import PostPermission

from .. import selectors, services
from ..models import AuditPlan, PlanCheckItem, SampleRecord, SpotCheckAnswer
from .common import AUDIT_READERS, AUDITORS


class PlanSerializer(serializers.ModelSerializer):
    sampled_records = serializers.SerializerMethodField()

    class Meta:
        model = AuditPlan
        fields = ["id", "year", "quarter", "period_start", "period_end", "due_on", "sample_size", "seed", "status",
                  "drawn_at", "completed_at", "sampled_records"]
        read_only_fields = fields

    def get_sampled_records(self, obj) -> int:
        n = getattr(obj, "n_samples", None)
        return obj.samples.count() if n is None else n


class PlanCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    sample_size = serializers.IntegerField(min_value=1, max_value=500, required=False)


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpotCheckAnswer
        fields = ["item", "answer", "method", "notes", "answered_by", "answered_at"]
        read_only_fields = fields


class SampleSerializer(serializers.ModelSerializer):
    focus_area = serializers.IntegerField(source="area.number", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    check_items = serializers.SerializerMethodField()

    class Meta:
        model = SampleRecord
        fields = ["id", "focus_area", "kind", "key", "label", "url", "occurred_on", "check_items", "answers"]
        read_only_fields = fields

    def get_check_items(self, obj) -> list[dict]:
        return [{"id": i.pk, "number": i.number, "text": i.text} for i in obj.area.items.all()]


class AnswerInputSerializer(serializers.Serializer):
    sample = serializers.IntegerField()
    item = serializers.IntegerField()
    answer = serializers.CharField(max_length=20)
    method = serializers.CharField(max_length=20)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = AUDIT_READERS
    write_posts = AUDITORS
    serializer_class = PlanSerializer

    def get_queryset(self):
        return selectors.plan_list()

    def get_object(self):
        return selectors.plan_get(pk=self.kwargs["pk"])

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer})
    def create(self, request):
        s = PlanCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        plan = services.plan_create(actor=request.user, **s.validated_data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=SampleSerializer(many=True))
    @extend_schema(methods=["post"], request=AnswerInputSerializer, responses=SampleSerializer)
    @action(detail=True, methods=["get", "post"])
    def items(self, request, pk=None):
        """GET: the sampled records with their check items and answers. POST: answer one check item."""
        plan = self.get_object()
        if request.method == "GET":
            qs = selectors.samples_of(plan=plan, area_number=None)
            page = self.paginate_queryset(qs)
            return self.get_paginated_response(SampleSerializer(page, many=True).data)
        s = AnswerInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        sample = selectors.sample_get(plan=plan, pk=s.validated_data["sample"])
        item = PlanCheckItem.objects.filter(pk=s.validated_data["item"], area__plan=plan).first()
        if item is None:
            raise NotFound(_("No such check item in this plan."))
        services.spotcheck_answer(actor=request.user, sample=sample, item=item, answer=s.validated_data["answer"],
                                  method=s.validated_data["method"], notes=s.validated_data["notes"])
        return Response(SampleSerializer(selectors.sample_get(plan=plan, pk=sample.pk)).data)
