from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from enrollment import selectors as enrollment_selectors
from pension.permissions import BUSINESS_READERS, PostPermission

from .. import selectors, services
from ..models import Award
from .common import COUNTY, TOWNSHIP_AND_COUNTY, MonthField, ReasonSerializer, ResidentMixin


class AwardSerializer(ResidentMixin, serializers.ModelSerializer):
    start_month = MonthField(read_only=True)
    township = serializers.CharField(source="township.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    breakdown = serializers.SerializerMethodField()

    class Meta:
        model = Award
        fields = ["id", "resident", "resident_name", "id_number", "township", "village", "village_name", "status",
                  "start_month", "monthly_amount", "breakdown", "transitional", "maker", "made_at", "checker",
                  "checked_at", "return_reason"]
        read_only_fields = fields

    def get_breakdown(self, obj) -> dict:
        """The monthly amount part by part: basic pension by level, extra, account ÷ divisor."""
        return {"basic_national": str(obj.basic_national), "basic_provincial": str(obj.basic_provincial),
                "basic_county": str(obj.basic_county), "years": obj.years, "extra_years": obj.extra_years,
                "extra": str(obj.extra), "balance": str(obj.balance), "divisor": obj.divisor,
                "account": str(obj.account_amount), "basic": str(obj.basic_amount),
                "total": str(obj.monthly_amount)}


class ProposeSerializer(serializers.Serializer):
    resident = serializers.IntegerField(help_text="resident id")


class AwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   viewsets.GenericViewSet):
    """Awards: POST proposes (township clerk or county officer); approve / return are the county's second check
    by someone other than the proposer."""

    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = TOWNSHIP_AND_COUNTY
    serializer_class = AwardSerializer

    def get_queryset(self):
        p = self.request.query_params
        township = selectors.township_by_code(user=self.request.user, code=p.get("township"))
        return selectors.award_list(user=self.request.user, status=p.get("status") or None, township=township)

    def get_object(self):
        return selectors.award_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=ProposeSerializer, responses={201: AwardSerializer})
    def create(self, request):
        s = ProposeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        resident = enrollment_selectors.resident_get(user=request.user, pk=s.validated_data["resident"])
        award = services.award_propose(actor=request.user, resident=resident)
        return Response(AwardSerializer(self._fresh(award)).data, status=status.HTTP_201_CREATED)

    def _fresh(self, award):
        return selectors.award_get(user=self.request.user, pk=award.pk)

    @extend_schema(request=None, responses=AwardSerializer)
    @action(detail=True, methods=["post"], write_posts=COUNTY)
    def approve(self, request, pk=None):
        award = services.award_approve(actor=request.user, award=self.get_object())
        return Response(AwardSerializer(self._fresh(award)).data)

    @extend_schema(request=ReasonSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return", write_posts=COUNTY)
    def return_(self, request, pk=None):
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        award = services.award_return(actor=request.user, award=self.get_object(), reason=s.validated_data["reason"])
        return Response(AwardSerializer(self._fresh(award)).data)
