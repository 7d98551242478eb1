"""Certification over REST: campaigns, records (token auth, Idempotency-Key), match cases, public notices.
Serializers shape data; services decide. ID numbers only in request bodies; answers mask them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from enrollment import selectors as enrollment_selectors
from pension import idnumber
from pension.idempotency import idempotent
from pension.parsers import JSONParser
from pension.permissions import PostPermission

from . import selectors, services
from .apps import COUNTY, READERS, RECORDERS
from .models import Campaign, IdempotencyKey, MatchCase, Mode, Notice, Record, Result


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "year", "starts_on", "ends_on", "validity_months", "deadline_done_at"]
        read_only_fields = ["id", "validity_months", "deadline_done_at"]


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    """Campaigns (county-wide). The county creates one per year; its roster is built at once."""

    permission_classes = [PostPermission]
    read_posts = READERS
    write_posts = COUNTY
    serializer_class = CampaignSerializer

    def get_queryset(self):
        return selectors.campaign_list()

    def get_object(self):
        return selectors.campaign_get(pk=self.kwargs["pk"])

    def create(self, request):
        s = CampaignSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        campaign = services.campaign_create(actor=request.user, year=d["year"], starts_on=d["starts_on"],
                                            ends_on=d["ends_on"])
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class RecordSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    id_number = serializers.SerializerMethodField(help_text="masked: 6 leading and 4 trailing characters")
    campaign_year = serializers.IntegerField(source="campaign.year", read_only=True, default=None)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Record
        fields = ["id", "resident", "resident_name", "id_number", "campaign_year", "township", "village",
                  "natural_village", "mode", "result", "certified_on", "death_date", "note", "source",
                  "recorded_by", "recorded_at", "evidence"]
        read_only_fields = fields

    def get_id_number(self, obj) -> str:
        return idnumber.mask(obj.resident.id_number)

    def get_evidence(self, obj) -> list[dict]:
        return [{"id": e.id, "content_type": e.content_type, "size": e.size} for e in obj.evidence.all()]


class RecordCreateSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=40, help_text="the recipient's ID number")
    mode = serializers.ChoiceField(choices=Mode.choices)
    result = serializers.ChoiceField(choices=Result.choices)
    certified_on = serializers.DateField(required=False, help_text="defaults to today")
    death_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    evidence = serializers.ListField(child=serializers.FileField(), required=False,
                                     help_text="photos (JPEG, PNG) or PDF, multipart only")


class RecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Certification records. POST needs an Idempotency-Key header: a replay with the same key and body returns
    the first answer and records nothing; the same key with another body answers 422."""

    permission_classes = [PostPermission]
    read_posts = READERS
    write_posts = RECORDERS
    serializer_class = RecordSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.record_list(user=self.request.user).prefetch_related("evidence")

    def get_object(self):
        return selectors.record_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        request=RecordCreateSerializer, responses={201: RecordSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True,
                                     description="one key per certification; reuse it only to retry")])
    def create(self, request):
        def handler():
            s = RecordCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            d = s.validated_data
            try:
                number = idnumber.parse(d["id_number"]).number
            except ValidationError as exc:
                raise ValidationError({"id_number": exc.messages})
            try:
                # One scoped query finds the recipient with the resident, as the entry screen's save does.
                record = services.certification_record_by_id_number(
                    actor=request.user, id_number=number, mode=d["mode"], result=d["result"],
                    certified_on=d.get("certified_on"), death_date=d.get("death_date"), note=d.get("note", ""),
                    files=request.FILES.getlist("evidence"), source=Record.Source.API)
            except services.RecipientNotFound:
                # Only on a miss: an in-scope resident without a pension is a 400 on the field, anyone else
                # (unknown, another area) is absent.
                if enrollment_selectors.resident_find_by_id_number(user=request.user, id_number=number) is None:
                    raise NotFound(_("No pension recipient with this ID number in your area."))
                raise ValidationError({"id_number": gettext("This person does not receive a pension in your area.")})
            # The record as written (its resident and campaign came with it): no second read for the answer.
            return status.HTTP_201_CREATED, RecordSerializer(record).data

        return idempotent(request, keys=IdempotencyKey, scope="certification.records", handler=handler)


class MatchCaseSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    id_number = serializers.SerializerMethodField()

    class Meta:
        model = MatchCase
        fields = ["id", "kind", "resident", "resident_name", "id_number", "township", "village", "source_import",
                  "source_record", "event_date", "detail", "status", "raised_by", "raised_at", "decided_by",
                  "decided_at", "decision_note"]
        read_only_fields = fields

    def get_id_number(self, obj) -> str:
        return idnumber.mask(obj.resident.id_number)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("stop", "stop"), ("dismiss", "dismiss")])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class MatchCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = READERS
    write_posts = COUNTY
    serializer_class = MatchCaseSerializer

    def get_queryset(self):
        return selectors.match_list(user=self.request.user, status=self.request.query_params.get("status") or None)

    def get_object(self):
        return selectors.match_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=DecisionSerializer, responses=MatchCaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        s = DecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        case = services.match_decide(actor=request.user, case=case, **s.validated_data)
        return Response(MatchCaseSerializer(selectors.match_get(user=request.user, pk=case.pk)).data)


NOTICE_ROW_FIELDS = ("section", "name", "gender", "id", "detail", "date")


class NoticeSerializer(serializers.ModelSerializer):
    natural_village_name = serializers.CharField(source="natural_village.name", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "natural_village", "natural_village_name", "village", "village_name", "township",
                  "township_name", "period_start", "period_end", "published_on", "window_ends_on",
                  "certified_count", "started_count", "stopped_count", "posted_on"]
        read_only_fields = fields


class NoticeDetailSerializer(NoticeSerializer):
    rows = serializers.SerializerMethodField(help_text="name, gender, masked ID (6 + 4), section, detail, date")

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "rows"]
        read_only_fields = fields

    def get_rows(self, obj) -> list[dict]:
        return [{k: row.get(k, "") for k in NOTICE_ROW_FIELDS} for row in obj.rows]


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = READERS
    serializer_class = NoticeSerializer

    def get_queryset(self):
        p = self.request.query_params
        return selectors.notice_list(user=self.request.user, natural_village_id=p.get("natural_village") or None)

    def get_object(self):
        return selectors.notice_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return NoticeDetailSerializer if self.action == "retrieve" else NoticeSerializer

    @extend_schema(parameters=[OpenApiParameter("natural_village", int, description="id of a natural village")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
