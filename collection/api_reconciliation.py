"""The daily reconciliation (日清) over REST: GET /api/v1/reconciliation/?township=&date=; its sign-off (签认,
issue 11 item 7): GET /api/v1/reconciliation/sign-off/?township=&date= (the day's status), POST the same address
with {"township", "date"} (county finance signs the day off, which locks it); reopening a signed-off day, two
people: /api/v1/reconciliation/reopen-requests/ (county finance asks with a reason; another county officer
confirms or rejects; the requester may withdraw). Serializers shape data; the services (collection/services/
signoff.py over funds/signoffs.py, funds/signoff_reopen.py) decide."""

import datetime

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from funds import selectors as funds_selectors
from funds import services as funds_services
from funds.api import MONEY, DepositSerializer
from funds.models import DayReopenRequest, DaySignOff, ReopenStatus
from funds.permissions import DAY_REOPEN_CONFIRMERS, DAY_SIGNERS, MONEY_READERS
from pension import idnumber
from pension.errors import Conflict
from pension.params import date_param
from pension.permissions import PostPermission

from . import reconciliation as recon
from .services import reconciliation_sign_off


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


def _township_and_day(request, params):
    """The township (by its 9-digit code; unknown or out of the user's scope: 404) and the day, each required;
    a missing or malformed one is a 400 naming the field."""
    if not hasattr(params, "get"):  # a JSON body that is not an object
        raise ValidationError({"township": [_("This parameter is required.")]})
    code = str(params.get("township") or "").strip()
    if not code:
        raise ValidationError({"township": [_("This parameter is required.")]})
    if len(code) != 9 or not code.isascii() or not code.isdigit():
        raise ValidationError({"township": [_("A township code is 9 digits.")]})
    day = date_param(params, "date", label=_("Date"))
    if day is None:
        raise ValidationError({"date": [_("This parameter is required.")]})
    return funds_selectors.township_for(user=request.user, code=code), day


class DaySignOffSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)
    signed_by = serializers.StringRelatedField()

    class Meta:
        model = DaySignOff
        fields = ["id", "township", "township_name", "date", "collected", "deposited", "signed_by", "signed_at"]
        read_only_fields = fields


class ReopenRequestSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="signoff.township.code", read_only=True)
    township_name = serializers.CharField(source="signoff.township.name", read_only=True)
    date = serializers.DateField(source="signoff.date", read_only=True)
    requested_by = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField()

    class Meta:
        model = DayReopenRequest
        fields = ["id", "signoff", "township", "township_name", "date", "reason", "status", "requested_by",
                  "requested_at", "decided_by", "decided_at", "decision_note", "withdrawn_at"]
        read_only_fields = fields


class SignOffHistorySerializer(DaySignOffSerializer):
    reopened_by = serializers.StringRelatedField()
    reopen_requests = ReopenRequestSerializer(source="reopen_list", many=True, read_only=True)

    class Meta(DaySignOffSerializer.Meta):
        fields = [*DaySignOffSerializer.Meta.fields, "reopened_at", "reopened_by", "reopen_requests"]
        read_only_fields = fields


class SignOffStatusSerializer(serializers.Serializer):
    township = serializers.CharField(source="township.code")
    township_name = serializers.CharField(source="township.name")
    date = serializers.DateField()
    signed_off = serializers.BooleanField(help_text="the day is signed off and locked")
    sign_off = DaySignOffSerializer(allow_null=True, help_text="the sign-off in force, or null")
    history = SignOffHistorySerializer(many=True, help_text="every sign-off of the day, newest first, reopened "
                                                            "ones with who reopened them and the requests")


class SignOffCreateSerializer(serializers.Serializer):
    township = serializers.CharField(help_text="9-digit township code")
    date = serializers.DateField(help_text="the day to sign off (YYYY-MM-DD)")


class SignOffView(APIView):
    """The sign-off (签认) of one township's reconciled day: its status (GET), or county finance signs it off
    (POST: 201; 409 when already signed off; 400 naming the field when the day does not balance, lies in the
    future or a parameter is bad; another township out of the user's scope: 404)."""

    permission_classes = [PostPermission]
    read_posts = MONEY_READERS
    write_posts = DAY_SIGNERS

    @extend_schema(
        parameters=[OpenApiParameter("township", str, required=True, description="9-digit township code"),
                    OpenApiParameter("date", datetime.date, required=True)],
        responses=SignOffStatusSerializer,
    )
    def get(self, request):
        township, day = _township_and_day(request, request.query_params)
        signoff = funds_selectors.day_signoff(user=request.user, township=township, day=day)
        history = funds_selectors.day_signoff_history(user=request.user, township=township, day=day)
        return Response(SignOffStatusSerializer({"township": township, "date": day, "signed_off": signoff is not None,
                                                 "sign_off": signoff, "history": history}).data)

    @extend_schema(request=SignOffCreateSerializer, responses={201: DaySignOffSerializer})
    def post(self, request):
        township, day = _township_and_day(request, request.data)
        signoff = reconciliation_sign_off(actor=request.user, township=township, date=day)
        return Response(DaySignOffSerializer(signoff).data, status=status.HTTP_201_CREATED)


class ReopenAskSerializer(serializers.Serializer):
    township = serializers.CharField(help_text="9-digit township code")
    date = serializers.DateField(help_text="the signed-off day (YYYY-MM-DD)")
    reason = serializers.CharField(max_length=200)


class ReopenRejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500)


class ReopenRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reopening a signed-off day takes two people: county finance asks with a reason (POST), a county officer
    other than the requester confirms (the sign-off is kept, marked reopened, and the day is open again) or rejects
    with a note; the requester may withdraw. Another township's request answers 404."""

    permission_classes = [PostPermission]
    read_posts = MONEY_READERS
    write_posts = DAY_SIGNERS
    serializer_class = ReopenRequestSerializer

    def get_queryset(self):
        wanted = self.request.query_params.get("status") or ReopenStatus.REQUESTED
        if wanted not in ReopenStatus.values and wanted != "all":
            raise ValidationError({"status": [_("Unknown status.")]})
        return funds_selectors.reopen_request_list(user=self.request.user, status=None if wanted == "all" else wanted)

    def get_object(self):
        return funds_selectors.reopen_request_get(user=self.request.user, pk=self.kwargs["pk"])

    def _done(self, request, obj, code=status.HTTP_200_OK):
        obj = funds_selectors.reopen_request_get(user=request.user, pk=obj.pk)
        return Response(ReopenRequestSerializer(obj).data, status=code)

    @extend_schema(parameters=[OpenApiParameter(
        "status", str, required=False, description="requested (default), confirmed, rejected, withdrawn, or all")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ReopenAskSerializer, responses={201: ReopenRequestSerializer})
    def create(self, request):
        township, day = _township_and_day(request, request.data)
        reason = request.data.get("reason", "")
        signoff = funds_selectors.day_signoff(user=request.user, township=township, day=day)
        if signoff is None:
            raise Conflict({"date": _("This day is not signed off; there is nothing to reopen.")})
        obj = funds_services.day_reopen_request(actor=request.user, signoff=signoff,
                                                reason=reason if isinstance(reason, str) else "")
        return self._done(request, obj, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReopenRequestSerializer)
    @action(detail=True, methods=["post"], write_posts=DAY_REOPEN_CONFIRMERS)
    def confirm(self, request, pk=None):
        return self._done(request, funds_services.day_reopen_confirm(actor=request.user, request=self.get_object()))

    @extend_schema(request=ReopenRejectSerializer, responses=ReopenRequestSerializer)
    @action(detail=True, methods=["post"], write_posts=DAY_REOPEN_CONFIRMERS)
    def reject(self, request, pk=None):
        s = ReopenRejectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._done(request, funds_services.day_reopen_reject(actor=request.user, request=self.get_object(),
                                                                    note=s.validated_data["note"]))

    @extend_schema(request=None, responses=ReopenRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._done(request, funds_services.day_reopen_withdraw(actor=request.user, request=self.get_object()))
