"""Two-person hardship category change over REST: /api/v1/hardship-changes/ (ask, list, confirm, reject,
withdraw). There is no one-step change (PATCH /api/v1/residents/<id>/ refuses the category); serializers shape
data, enrollment/hardship_changes.py decides."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from pension import idnumber
from pension.permissions import COUNTY_BUSINESS

from . import hardship_changes, selectors
from .api_requests import TwoPersonRequestViewSet
from .models import Hardship, HardshipChange, HardshipChangeStatus


class HardshipChangeSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    resident_id_number = serializers.SerializerMethodField(help_text="masked: 6 leading and 4 trailing characters")
    requested_by = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField()

    class Meta:
        model = HardshipChange
        fields = [
            "id", "resident", "resident_name", "resident_id_number", "from_category", "to_category", "reason",
            "evidence", "source", "source_import", "status", "requested_by", "requested_at", "decided_by",
            "decided_at", "decision_note", "withdrawn_at",
        ]
        read_only_fields = fields

    def get_resident_id_number(self, obj) -> str:
        return idnumber.mask(obj.resident.id_number)


class HardshipChangeCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField(required=False, min_value=1, help_text="resident id; or send id_number")
    id_number = serializers.CharField(required=False, max_length=40, help_text="the resident's ID number")
    to_category = serializers.ChoiceField(choices=Hardship.choices)
    reason = serializers.CharField(max_length=200)
    evidence = serializers.CharField(max_length=200, help_text="the document and its number")

    def validate(self, data):
        if not data.get("resident") and not data.get("id_number"):
            raise serializers.ValidationError({"resident": _("Send the resident's id or ID number.")})
        return data


class HardshipRejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500)


class HardshipChangeViewSet(TwoPersonRequestViewSet):
    """Ask for a hardship category change (township clerk or county officer); a county officer other than the
    requester confirms or rejects it; the requester may withdraw it before that. Scoped by township: another
    township's request answers 404."""

    serializer_class = HardshipChangeSerializer
    statuses = HardshipChangeStatus
    list_selector = staticmethod(selectors.hardship_change_list)
    get_selector = staticmethod(selectors.hardship_change_get)

    @extend_schema(request=HardshipChangeCreateSerializer, responses={201: HardshipChangeSerializer})
    def create(self, request):
        s = HardshipChangeCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        if d.get("resident"):
            resident = selectors.resident_get(user=request.user, pk=d["resident"])
        else:
            resident = selectors.resident_find_by_id_number(user=request.user, id_number=d["id_number"])
            if resident is None:
                raise NotFound(_("No resident with this ID number in your area."))
        change = hardship_changes.hardship_change_request(
            actor=request.user, resident=resident, to_category=d["to_category"], reason=d["reason"],
            evidence=d["evidence"])
        return Response(HardshipChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=HardshipChangeSerializer)
    @action(detail=True, methods=["post"], write_posts=COUNTY_BUSINESS)
    def confirm(self, request, pk=None):
        change = hardship_changes.hardship_change_confirm(actor=request.user, change=self.get_object())
        return Response(HardshipChangeSerializer(change).data)

    @extend_schema(request=HardshipRejectSerializer, responses=HardshipChangeSerializer)
    @action(detail=True, methods=["post"], write_posts=COUNTY_BUSINESS)
    def reject(self, request, pk=None):
        s = HardshipRejectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        change = hardship_changes.hardship_change_reject(actor=request.user, change=self.get_object(),
                                                         note=s.validated_data["note"])
        return Response(HardshipChangeSerializer(change).data)

    @extend_schema(request=None, responses=HardshipChangeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        change = hardship_changes.hardship_change_withdraw(actor=request.user, change=self.get_object())
        return Response(HardshipChangeSerializer(change).data)
