from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from pension.parsers import JSONParser
from pension.permissions import PostPermission
from pension.rest import Pagination

from .. import selectors, services
from ..bankfile import read_returns
from ..exports import bank_file_response
from ..models import Payroll, PayrollLine
from .common import COUNTY, PAYROLL_APPROVERS, PAYROLL_READERS, MonthField


class PayrollSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    totals = serializers.SerializerMethodField()

    class Meta:
        model = Payroll
        fields = ["id", "month", "batch", "status", "lines_count", "total", "totals", "maker", "made_at", "checker",
                  "checked_at", "returns_at"]
        read_only_fields = fields

    def get_totals(self, obj) -> dict:
        if not self.context.get("detail"):
            return {}
        t = selectors.payroll_totals(payroll=obj)
        return {"by_level": {k: str(v) for k, v in t.by_level.items()},
                "by_township": [{k: str(v) if not isinstance(v, int | str) else v for k, v in row.items()}
                                for row in t.by_township],
                "failed": t.failed, "flagged": t.flagged}


class LineSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="recipient.resident.name", read_only=True)
    first_month = MonthField(read_only=True)
    last_month = MonthField(read_only=True)
    township = serializers.CharField(source="township.code", read_only=True)

    class Meta:
        model = PayrollLine
        fields = ["id", "recipient", "resident_name", "township", "village", "first_month", "last_month", "months",
                  "basic_national", "basic_provincial", "basic_county", "extra", "account_part", "fund_part",
                  "arrears", "amount", "previous_amount", "change_flag", "no_award", "status", "failure_reason",
                  "retry_of"]
        read_only_fields = fields


class GenerateSerializer(serializers.Serializer):
    month = MonthField()


class SecondBatchSerializer(serializers.Serializer):
    lines = serializers.ListField(child=serializers.IntegerField(), allow_empty=False, max_length=100_000)


class ReturnsSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="the bank's return file (.xlsx or .csv): 流水号, 结果, 失败原因")


class PayrollViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):
    """Payrolls: POST generates the month's payroll (idempotent); approve (another person), bank-file, returns,
    second-batch (only failed lines), lines."""

    permission_classes = [PostPermission]
    read_posts = PAYROLL_READERS
    write_posts = COUNTY
    serializer_class = PayrollSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.payroll_list(user=self.request.user)

    def get_object(self):
        return selectors.payroll_get(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        return Response(PayrollSerializer(self.get_object(), context={"detail": True}).data)

    @extend_schema(request=GenerateSerializer, responses={201: PayrollSerializer})
    def create(self, request):
        s = GenerateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        payroll = services.payroll_generate(actor=request.user, month=s.validated_data["month"])
        return Response(PayrollSerializer(payroll, context={"detail": True}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PayrollSerializer)
    @action(detail=True, methods=["post"], write_posts=PAYROLL_APPROVERS)
    def approve(self, request, pk=None):
        payroll = services.payroll_approve(actor=request.user, payroll=self.get_object())
        return Response(PayrollSerializer(payroll, context={"detail": True}).data)

    @extend_schema(parameters=[OpenApiParameter("file_format", str, enum=["xlsx", "csv"])],
                   responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="bank-file", url_name="bank-file")
    def bank_file(self, request, pk=None):
        payroll = self.get_object()
        fmt = request.query_params.get("file_format", "xlsx")
        if fmt not in ("xlsx", "csv"):
            from django.core.exceptions import ValidationError

            raise ValidationError({"file_format": _("Choose xlsx or csv.")})
        return bank_file_response(payroll, fmt)

    @extend_schema(request={"multipart/form-data": ReturnsSerializer}, responses=PayrollSerializer)
    @action(detail=True, methods=["post"], write_posts=PAYROLL_APPROVERS)
    def returns(self, request, pk=None):
        payroll = self.get_object()
        s = ReturnsSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        results = read_returns(s.validated_data["file"])
        summary = services.payroll_returns_record(actor=request.user, payroll=payroll, results=results)
        data = PayrollSerializer(self.get_object(), context={"detail": True}).data
        return Response({**data, "recorded": summary})

    @extend_schema(request=SecondBatchSerializer, responses={201: PayrollSerializer})
    @action(detail=True, methods=["post"], url_path="second-batch", url_name="second-batch")
    def second_batch(self, request, pk=None):
        s = SecondBatchSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        second = services.payroll_second_batch(actor=request.user, payroll=self.get_object(),
                                               line_ids=s.validated_data["lines"])
        return Response(PayrollSerializer(second, context={"detail": True}).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("flagged", bool)],
                   responses=LineSerializer(many=True))
    @action(detail=True, methods=["get"])
    def lines(self, request, pk=None):
        p = request.query_params
        qs = selectors.payroll_lines(user=request.user, payroll=self.get_object(), status=p.get("status") or None,
                                     flagged=p.get("flagged") in ("1", "true"))
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(LineSerializer(page, many=True).data)
