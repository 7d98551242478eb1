from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from pension.permissions import BUSINESS_READERS, PostPermission
from pension.rest import Pagination

from .. import selectors
from ..models import DueEntry
from .common import MonthField, ResidentMixin


class DueEntrySerializer(ResidentMixin, serializers.ModelSerializer):
    month = MonthField(read_only=True)
    township = serializers.CharField(source="township.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    age = serializers.SerializerMethodField()

    class Meta:
        model = DueEntry
        fields = ["id", "month", "resident", "resident_name", "id_number", "age", "township", "village",
                  "village_name", "verdict", "years_paid", "years_required", "missing_years", "back_payment",
                  "computed_at"]
        read_only_fields = fields

    def get_age(self, obj) -> int:
        return obj.month.year - obj.resident.birth_date.year  # 60 in that month


class DueQuery(serializers.Serializer):
    month = MonthField()
    township = serializers.CharField(required=False, max_length=15)
    verdict = serializers.CharField(required=False, max_length=20)


class DueListView(APIView):
    """GET /api/v1/benefits/due/?month=YYYY-MM&township=CODE: the residents turning 60 in that month, each with
    the verdict, the contribution years missing and the back payment that would close the gap."""

    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS

    @extend_schema(parameters=[OpenApiParameter("month", str, required=True, description="YYYY-MM"),
                               OpenApiParameter("township", str, description="9-digit township code"),
                               OpenApiParameter("verdict", str)],
                   responses=DueEntrySerializer(many=True))
    def get(self, request):
        q = DueQuery(data=request.query_params)
        q.is_valid(raise_exception=True)
        d = q.validated_data
        township = selectors.township_by_code(user=request.user, code=d.get("township"))
        qs = selectors.due_list(user=request.user, month=d["month"], township=township, verdict=d.get("verdict"))
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(DueEntrySerializer(page, many=True).data)
