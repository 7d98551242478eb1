"""Progress over REST: snapshot rows by level, an area's daily history, the bulletins, and a township's target
split to its villages."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from pension import params
from pension.permissions import PostPermission

from . import selectors, services
from .apps import MANAGERS, READERS
from .models import Bulletin, Level, Snapshot


class SnapshotSerializer(serializers.ModelSerializer):
    area_code = serializers.CharField(source="area.code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    target = serializers.IntegerField(source="target_paying", read_only=True, allow_null=True,
                                      help_text="collection target (persons paying)")
    rate = serializers.DecimalField(source="pct_target", max_digits=7, decimal_places=2, read_only=True,
                                    allow_null=True, help_text="% of the collection target")

    class Meta:
        model = Snapshot
        fields = [
            "area_code", "area_name", "level", "day", "target", "enrolled", "paying", "amount", "rate",
            "renewals", "new_payers", "new_enrollees", "unpaid", "newly_of_age", "target_enrolment", "target_amount",
            "eligible", "pct_amount", "pct_enrolment_target", "enrolment_rate",
        ]
        read_only_fields = fields


def _year(request) -> int:
    return params.year_param(request.query_params, default=timezone.localdate().year)


@extend_schema(parameters=[
    OpenApiParameter("year", int, description="campaign year (default: this year)"),
    OpenApiParameter("level", str, enum=["county", "township", "village"], description="default: township"),
    OpenApiParameter("parent", str, description="township code, for level=village"),
    OpenApiParameter("day", datetime.date, description="snapshot day (default: the latest)"),
])
class ProgressView(generics.ListAPIView):
    """Latest snapshot rows of one level. Township and county totals are open to every business post;
    village rows only within the user's area (a township outside it answers 404)."""

    permission_classes = [PostPermission]
    read_posts = READERS
    serializer_class = SnapshotSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Snapshot.objects.none()
        p = self.request.query_params
        year = _year(self.request)
        level = p.get("level") or Level.TOWNSHIP
        if level not in Level.values:
            raise ValidationError({"level": [_("Choose county, township or village.")]})
        day = params.date_param(p, "day") or selectors.latest_day(year=year)
        parent = p.get("parent") or None
        if level == Level.VILLAGE:
            township = selectors.township_for(user=self.request.user, code=parent) if parent else None
            return selectors.village_rows(user=self.request.user, year=year, day=day, township=township)
        if parent:
            raise ValidationError({"parent": [_("A parent is only given for level=village.")]})
        if level == Level.TOWNSHIP:
            return selectors.township_ranking(year=year, day=day)
        return Snapshot.objects.filter(year=year, day=day, current=True, level=Level.COUNTY).select_related("area")


@extend_schema(parameters=[
    OpenApiParameter("year", int, description="campaign year (default: this year)"),
    OpenApiParameter("area", str, required=True, description="area code (county, township or village)"),
])
class ProgressHistoryView(generics.ListAPIView):
    """One area's daily snapshots over a campaign (the trend)."""

    permission_classes = [PostPermission]
    read_posts = READERS
    serializer_class = SnapshotSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Snapshot.objects.none()
        year = _year(self.request)
        code = self.request.query_params.get("area")
        if not code:
            raise ValidationError({"area": [_("Give the area code.")]})
        area = selectors.area_for_history(user=self.request.user, code=code)
        return selectors.history(year=year, area=area).select_related("area")


class BulletinSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bulletin
        fields = ["id", "year", "number", "kind", "period", "day", "created_at"]
        read_only_fields = fields


class BulletinDetailSerializer(BulletinSerializer):
    class Meta(BulletinSerializer.Meta):
        fields = [*BulletinSerializer.Meta.fields, "content"]
        read_only_fields = fields


class BulletinViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Issued progress bulletins (township totals only), newest first."""

    permission_classes = [PostPermission]
    read_posts = READERS

    def get_serializer_class(self):
        return BulletinDetailSerializer if self.action == "retrieve" else BulletinSerializer

    def get_queryset(self):
        return selectors.bulletin_list(year=params.year_param(self.request.query_params))


class TargetSplitSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=params.MIN_YEAR, max_value=params.MAX_YEAR)
    # The numbers are read by the service (whole persons, ASCII digits only): DRF's IntegerField takes "１２".
    shares = serializers.DictField(child=serializers.JSONField(), help_text="village code: persons")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class VillageTargetSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    target = serializers.IntegerField(allow_null=True, help_text="collection target (persons paying)")


class TownshipSplitSerializer(serializers.Serializer):
    township = serializers.CharField()
    year = serializers.IntegerField()
    township_target = serializers.IntegerField(allow_null=True)
    villages = VillageTargetSerializer(many=True)
    changed = serializers.ListField(child=serializers.CharField(), required=False)


def _split_data(*, township, year: int, changed=()) -> dict:
    own = selectors.township_target(township=township, year=year)
    return {
        "township": township.code, "year": year, "township_target": own.paying_target if own else None,
        "villages": [{"code": v.code, "name": v.name, "target": t.paying_target if t else None}
                     for v, t in selectors.village_targets(township=township, year=year)],
        "changed": sorted(changed),
    }


class TownshipSplitView(APIView):
    """A township's collection target and its villages' shares (GET, within scope); the county's officers split
    it (POST: every village's resulting share must add up to the township's target, issue 11 item 10)."""

    permission_classes = [PostPermission]
    read_posts = READERS
    write_posts = MANAGERS

    @extend_schema(parameters=[OpenApiParameter("year", int, description="campaign year (default: this year)")],
                   responses=TownshipSplitSerializer)
    def get(self, request, code: str):
        township = selectors.township_for(user=request.user, code=code)
        return Response(TownshipSplitSerializer(_split_data(township=township, year=_year(request))).data)

    @extend_schema(request=TargetSplitSerializer, responses=TownshipSplitSerializer)
    def post(self, request, code: str):
        township = selectors.township_for(user=request.user, code=code)
        s = TargetSplitSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        result = services.target_split(actor=request.user, township=township, year=d["year"], shares=d["shares"],
                                       reason=d["reason"])
        data = _split_data(township=township, year=d["year"], changed=[t.area.code for t in result.changed])
        return Response(TownshipSplitSerializer(data).data)
