"""The daily reconciliation (日清) over REST: GET /api/v1/reconciliation/?township=&date=."""

import datetime

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from funds import selectors as funds_selectors
from funds.api import MONEY, DepositSerializer
from funds.permissions import MONEY_READERS
from pension import idnumber
from pension.params import date_param
from pension.permissions import PostPermission

from . import reconciliation as recon


class ReconContributionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    resident_name = serializers.CharField(source="resident.name")
    id_number = serializers.SerializerMethodField(help_text="masked")
    village = serializers.CharField(source="village.name")
    receipt_number = serializers.CharField()
    personal_amount = serializers.DecimalField(**MONEY)
    status = serializers.CharField()

    def get_id_number(self, obj) -> str:
        return idnumber.mask(obj.resident.id_number)


class ReconciliationSerializer(serializers.Serializer):
    township = serializers.CharField(source="township.code")
    township_name = serializers.CharField(source="township.name")
    date = serializers.DateField()
    collected = serializers.DecimalField(**MONEY)
    collected_count = serializers.IntegerField()
    deposited = serializers.DecimalField(**MONEY)
    deposit_count = serializers.IntegerField()
    difference = serializers.DecimalField(help_text="collected minus deposited", **MONEY)
    balanced = serializers.BooleanField()
    contributions = ReconContributionSerializer(many=True)
    deposits = DepositSerializer(many=True)


class ReconciliationView(APIView):
    """Daily reconciliation (日清) of one township: cash collected that day vs deposits of that day."""

    permission_classes = [PostPermission]
    read_posts = MONEY_READERS

    @extend_schema(
        parameters=[OpenApiParameter("township", str, required=True, description="9-digit township code"),
                    OpenApiParameter("date", datetime.date, required=True)],
        responses=ReconciliationSerializer,
    )
    def get(self, request):
        code = request.query_params.get("township")
        if not code:
            raise ValidationError({"township": [_("This parameter is required.")]})
        day = date_param(request.query_params, "date", label=_("Date"))
        if day is None:
            raise ValidationError({"date": [_("This parameter is required.")]})
        township = funds_selectors.township_for(user=request.user, code=code)
        result = recon.reconciliation_day(user=request.user, township=township, date=day)
        return Response(ReconciliationSerializer(result).data)
