"""Two-person termination over REST: /api/v1/terminations/ (ask, list, confirm, reject, withdraw).
A request with its evidence file is sent as multipart/form-data.
There is no one-step termination; serializers shape data, enrollment/terminations.py decides."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from pension import idnumber
from pension.permissions import COUNTY_BUSINESS

from . import selectors, terminations
from .api_requests import TwoPersonRequestViewSet
from .models import TerminationReason, TerminationRequest, TerminationStatus


class TerminationSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    resident_id_number = serializers.SerializerMethodField(help_text="masked: 6 leading and 4 trailing characters")
    requested_by = serializers.StringRelatedField()
    checked_by = serializers.StringRelatedField()
    evidence_file_url = serializers.SerializerMethodField(
        help_text="the scoped download of the evidence file (null when none was attached)")

    class Meta:
        model = TerminationRequest
        fields = [
            "id", "enrollment", "resident", "resident_name", "resident_id_number", "reason", "terminated_on",
            "evidence", "evidence_file_url", "evidence_file_type", "evidence_file_size",
            "note", "status", "requested_by", "requested_at", "checked_by", "checked_at",
            "decision_note", "withdrawn_at",
        ]
        read_only_fields = fields

    def get_resident_id_number(self, obj) -> str:
        return idnumber.mask(obj.resident.id_number)

    def get_evidence_file_url(self, obj) -> str | None:
        return reverse("enrollment:termination_evidence_file", args=[obj.pk]) if obj.evidence_file else None


class TerminationCreateSerializer(serializers.Serializer):
    enrollment = serializers.IntegerField(min_value=1)
    reason = serializers.ChoiceField(choices=TerminationReason.choices)
    terminated_on = serializers.DateField()
    evidence = serializers.CharField(max_length=200, help_text="the document and its number")
    evidence_file = serializers.FileField(
        required=False, allow_empty_file=True, use_url=False,
        help_text="multipart: a scan or photo (JPEG, PNG or PDF, checked by content); required for a death")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class TerminationRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class TerminationViewSet(TwoPersonRequestViewSet):
    """Ask for a termination (township clerk or county officer); a county officer other than the requester
    confirms or rejects it; the requester may withdraw it before that. Scoped by township: another township's
    request answers 404."""

    serializer_class = TerminationSerializer
    statuses = TerminationStatus
    list_selector = staticmethod(selectors.termination_list)
    get_selector = staticmethod(selectors.termination_get)

    @extend_schema(request=TerminationCreateSerializer, responses={201: TerminationSerializer})
    def create(self, request):
        s = TerminationCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        enrollment = selectors.enrollment_get(user=request.user, pk=data.pop("enrollment"))
        req = terminations.termination_request(actor=request.user, enrollment=enrollment, **data)
        return Response(TerminationSerializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=TerminationSerializer)
    @action(detail=True, methods=["post"], write_posts=COUNTY_BUSINESS)
    def confirm(self, request, pk=None):
        req = terminations.termination_confirm(actor=request.user, request=self.get_object())
        return Response(TerminationSerializer(req).data)

    @extend_schema(request=TerminationRejectSerializer, responses=TerminationSerializer)
    @action(detail=True, methods=["post"], write_posts=COUNTY_BUSINESS)
    def reject(self, request, pk=None):
        s = TerminationRejectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        req = terminations.termination_reject(actor=request.user, request=self.get_object(),
                                              reason=s.validated_data["reason"])
        return Response(TerminationSerializer(req).data)

    @extend_schema(request=None, responses=TerminationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        req = terminations.termination_withdraw(actor=request.user, request=self.get_object())
        return Response(TerminationSerializer(req).data)
