"""Residents and enrolments over REST. Serializers shape data; services decide."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from pension import idnumber
from pension.params import int_param
from pension.permissions import BUSINESS_READERS, REGISTRARS, PostPermission
from pension.scope import get_scoped_or_404, scoped_areas

from . import selectors, services
from .models import Enrollment, Resident


class ResidentSerializer(serializers.ModelSerializer):
    """Lists: the ID number masked and the age instead of the birth date (the eight hidden digits)."""

    id_number = serializers.SerializerMethodField(help_text="masked: 6 leading and 4 trailing characters")
    age = serializers.SerializerMethodField(help_text="completed years today (lists never carry the birth date)")
    bank_account = serializers.SerializerMethodField(help_text="masked: last four digits")
    township = serializers.CharField(source="township.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = Resident
        fields = [
            "id", "name", "id_number", "gender", "age", "ethnicity", "hukou_address", "township",
            "village", "village_name", "natural_village", "hardship", "phone", "bank_account",
            "enrolment_status", "death_date", "registered_at",
        ]
        read_only_fields = fields

    def get_id_number(self, obj) -> str:
        return idnumber.mask(obj.id_number)

    def get_age(self, obj) -> int:
        return idnumber.age_on(obj.birth_date, timezone.localdate())

    def get_bank_account(self, obj) -> str:
        return idnumber.mask_account(obj.bank_account)


class ResidentDetailSerializer(ResidentSerializer):
    """Detail answers carry the full ID number (and so the birth date): the user is in scope and asked for this
    one person."""

    class Meta(ResidentSerializer.Meta):
        fields = [*ResidentSerializer.Meta.fields, "birth_date"]
        read_only_fields = fields

    def get_id_number(self, obj) -> str:
        return obj.id_number


@extend_schema_field(OpenApiTypes.INT)
class AreaField(serializers.PrimaryKeyRelatedField):
    """An area id, limited to the user's scope (an area outside it is 'does not exist')."""

    def get_queryset(self):
        return scoped_areas(self.context["request"].user)


class ResidentCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=40)
    village = AreaField()
    natural_village = AreaField(required=False, allow_null=True)
    ethnicity = serializers.CharField(max_length=20, required=False, default="汉族")
    hukou_address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    hardship = serializers.CharField(required=False, default="none",
                                     help_text="a category other than none is asked for, not recorded: it takes "
                                               "effect when a county officer confirms it (/api/v1/hardship-changes/)")
    hardship_reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    hardship_evidence = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    bank_account = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class ResidentUpdateSerializer(serializers.Serializer):
    ethnicity = serializers.CharField(max_length=20, required=False)
    hukou_address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    village = AreaField(required=False)
    natural_village = AreaField(required=False, allow_null=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    bank_account = serializers.CharField(max_length=40, required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    # Accepted only to be refused with a clear message by the service: key data changes through an approved
    # modification, the hardship category through /api/v1/hardship-changes/ (two people).
    hardship = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    id_number = serializers.CharField(required=False)
    birth_date = serializers.DateField(required=False)


class LookupSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=40)


class ResidentFilter(django_filters.FilterSet):
    township = django_filters.CharFilter(help_text="9-digit township code")
    village = django_filters.NumberFilter(help_text="id of an administrative village")
    status = django_filters.CharFilter(
        help_text="enrolment status: not_enrolled, active, terminated, or eligible_not_enrolled (16 or older, alive, "
        "not enrolled)"
    )
    q = django_filters.CharFilter(help_text="part of the name")


class ResidentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = REGISTRARS
    filterset_class = ResidentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return {
            "retrieve": ResidentDetailSerializer,
            "create": ResidentCreateSerializer,
            "partial_update": ResidentUpdateSerializer,
            "lookup": LookupSerializer,
        }.get(self.action, ResidentSerializer)

    def get_queryset(self):
        p = self.request.query_params
        return selectors.resident_list(
            user=self.request.user,
            township_code=p.get("township") or None,
            village_id=p.get("village") or None,
            status=p.get("status") or None,
            q=p.get("q") or None,
        )

    def filter_queryset(self, queryset):
        # The selector already applied the filters; the filterset only documents them in the schema.
        return queryset

    def get_object(self):
        return selectors.resident_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=ResidentCreateSerializer, responses={201: ResidentDetailSerializer})
    def create(self, request):
        s = ResidentCreateSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        resident = services.resident_register(actor=request.user, **s.validated_data)
        return Response(ResidentDetailSerializer(resident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResidentUpdateSerializer, responses=ResidentDetailSerializer)
    def partial_update(self, request, pk=None):
        resident = self.get_object()
        s = ResidentUpdateSerializer(data=request.data, partial=True, context={"request": request})
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        reason = data.pop("reason", "")
        resident = services.resident_update(actor=request.user, resident=resident, reason=reason, **data)
        return Response(ResidentDetailSerializer(resident).data)

    @extend_schema(
        request=LookupSerializer,
        responses=ResidentDetailSerializer,
        description="Find a resident in your area by ID number (sent in the body, never in a URL).",
    )
    @action(detail=False, methods=["post"], write_posts=BUSINESS_READERS)  # a read, sent as POST
    def lookup(self, request):
        s = LookupSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        resident = selectors.resident_find_by_id_number(user=request.user, id_number=s.validated_data["id_number"])
        if resident is None:
            raise NotFound(_("No resident with this ID number in your area."))
        return Response(ResidentDetailSerializer(resident).data)


class EnrollmentSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    age_notice = serializers.SerializerMethodField(
        help_text="for a resident reaching 60 in the enrolment year: no yearly contribution, award work list")

    class Meta:
        model = Enrollment
        fields = [
            "id", "resident", "resident_name", "status", "enrolled_on", "first_month", "terminated_on",
            "termination_reason", "termination_note", "created_at", "age_notice",
        ]
        read_only_fields = fields

    def get_age_notice(self, obj) -> str | None:
        return services.enrolment_age_notice(resident=obj.resident, on=obj.enrolled_on)


class EnrollmentCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField()
    enrolled_on = serializers.DateField(required=False)


class EnrollmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = REGISTRARS
    serializer_class = EnrollmentSerializer

    def get_queryset(self):
        p = self.request.query_params
        resident = int_param(p, "resident", minimum=1, label=_("Resident"))
        return selectors.enrollment_list(user=self.request.user, resident_id=resident, status=p.get("status") or None)

    def get_object(self):
        return selectors.enrollment_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        request=EnrollmentCreateSerializer,
        responses={201: EnrollmentSerializer},
        parameters=[OpenApiParameter("resident", int, required=False), OpenApiParameter("status", str, required=False)],
    )
    def create(self, request):
        s = EnrollmentCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        resident = get_scoped_or_404(request.user, Resident.objects.all(), pk=s.validated_data["resident"])
        enrollment = services.enrollment_create(
            actor=request.user, resident=resident, enrolled_on=s.validated_data.get("enrolled_on")
        )
        return Response(EnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED)

    # Termination takes two people: /api/v1/terminations/ (enrollment/api_terminations.py).
