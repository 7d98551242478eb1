from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from pension.parsers import JSONParser
from pension.permissions import PostPermission

from .. import selectors, services
from ..bankfile import read_returns
from ..exports import payout_file_response
from ..models import SettlementPayout
from .common import COUNTY, PAYROLL_APPROVERS, PAYROLL_READERS
from .payrolls import ReturnsSerializer, SecondBatchSerializer
from .settlements import SettlementPaymentSerializer


class SettlementPayoutSerializer(serializers.ModelSerializer):
    lines = SettlementPaymentSerializer(many=True, read_only=True)

    class Meta:
        model = SettlementPayout
        fields = ["id", "repeat", "status", "lines_count", "total", "maker", "made_at", "checker", "checked_at",
                  "returns_at", "lines"]
        read_only_fields = fields


class SettlementPayoutViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Settlement payment batches: POST generates one (every approved settlement and correction not yet sent);
    approve (another person), bank-file, returns (the payroll's return file layout), repeat (only failed rows)."""

    permission_classes = [PostPermission]
    read_posts = PAYROLL_READERS
    write_posts = COUNTY
    serializer_class = SettlementPayoutSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.settlement_payout_list(user=self.request.user).prefetch_related("lines")

    def get_object(self):
        return selectors.settlement_payout_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=None, responses={201: SettlementPayoutSerializer})
    def create(self, request):
        payout = services.settlement_payout_generate(actor=request.user)
        return Response(SettlementPayoutSerializer(payout).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SettlementPayoutSerializer)
    @action(detail=True, methods=["post"], write_posts=PAYROLL_APPROVERS)
    def approve(self, request, pk=None):
        payout = services.settlement_payout_approve(actor=request.user, payout=self.get_object())
        return Response(SettlementPayoutSerializer(payout).data)

    @extend_schema(parameters=[OpenApiParameter("file_format", str, enum=["xlsx", "csv"])],
                   responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="bank-file", url_name="bank-file")
    def bank_file(self, request, pk=None):
        payout = self.get_object()
        fmt = request.query_params.get("file_format", "xlsx")
        if fmt not in ("xlsx", "csv"):
            raise ValidationError({"file_format": _("Choose xlsx or csv.")})
        return payout_file_response(payout, fmt)

    @extend_schema(request={"multipart/form-data": ReturnsSerializer}, responses=SettlementPayoutSerializer)
    @action(detail=True, methods=["post"], write_posts=PAYROLL_APPROVERS)
    def returns(self, request, pk=None):
        payout = self.get_object()
        s = ReturnsSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        summary = services.settlement_payout_returns_record(actor=request.user, payout=payout,
                                                           results=read_returns(s.validated_data["file"]))
        return Response({**SettlementPayoutSerializer(self.get_object()).data, "recorded": summary})

    @extend_schema(request=SecondBatchSerializer, responses={201: SettlementPayoutSerializer})
    @action(detail=False, methods=["post"])
    def repeat(self, request):
        s = SecondBatchSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        payout = services.settlement_payout_repeat(actor=request.user, line_ids=s.validated_data["lines"])
        return Response(SettlementPayoutSerializer(payout).data, status=status.HTTP_201_CREATED)
