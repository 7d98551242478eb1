from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pension.permissions import BUSINESS_READERS, PostPermission

from .. import selectors, services
from ..models import OtherPension, OtherPensionKind
from .common import COUNTY, TOWNSHIP_AND_COUNTY, ReasonSerializer, ResidentMixin


class OtherPensionSerializer(ResidentMixin, serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = OtherPension
        fields = ["id", "resident", "resident_name", "id_number", "township", "village", "village_name", "kind",
                  "started_on", "source", "note", "status", "recorded_by", "recorded_at", "checker", "checked_at",
                  "reject_reason"]
        read_only_fields = fields


class ReportSerializer(serializers.Serializer):
    resident = serializers.IntegerField(help_text="resident id")
    kind = serializers.ChoiceField(choices=OtherPensionKind.choices)
    started_on = serializers.DateField(help_text="the day the other pension began")
    note = serializers.CharField(max_length=2000, help_text="where it was found (document, list, number)")


class OtherPensionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          viewsets.GenericViewSet):
    """Another state pension a resident draws: POST reports it (township clerk or county officer); confirm
    (stops this pension for double receipt) and reject are the county's check by someone other than the
    reporter. While reported, no award and no payroll pays the resident."""

    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = TOWNSHIP_AND_COUNTY
    serializer_class = OtherPensionSerializer

    def get_queryset(self):
        p = self.request.query_params
        township = selectors.township_by_code(user=self.request.user, code=p.get("township"))
        return selectors.other_pension_list(user=self.request.user, status=p.get("status") or None,
                                            township=township)

    def get_object(self):
        return selectors.other_pension_get(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, row, code=status.HTTP_200_OK):
        fresh = selectors.other_pension_get(user=self.request.user, pk=row.pk)
        return Response(OtherPensionSerializer(fresh).data, status=code)

    @extend_schema(request=ReportSerializer, responses={201: OtherPensionSerializer})
    def create(self, request):
        s = ReportSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        row = services.other_pension_report(actor=request.user, resident_id=d["resident"], kind=d["kind"],
                                            started_on=d["started_on"], note=d["note"])
        return self._answer(row, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=OtherPensionSerializer)
    @action(detail=True, methods=["post"], write_posts=COUNTY)
    def confirm(self, request, pk=None):
        return self._answer(services.other_pension_confirm(actor=request.user, other_pension=self.get_object()))

    @extend_schema(request=ReasonSerializer, responses=OtherPensionSerializer)
    @action(detail=True, methods=["post"], write_posts=COUNTY)
    def reject(self, request, pk=None):
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._answer(services.other_pension_reject(actor=request.user, other_pension=self.get_object(),
                                                          reason=s.validated_data["reason"]))
