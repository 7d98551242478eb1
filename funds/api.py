"""Deposits, interest runs and account statements over REST. Serializers shape data;
services decide; selectors apply the area scope (out of scope answers 404)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from enrollment import selectors as enrollment_selectors
from pension.errors import Conflict
from pension.idempotency import idempotent
from pension.params import MAX_YEAR, MIN_YEAR, date_param, year_param
from pension.permissions import PostPermission

from . import selectors, services
from .models import Deposit, DepositSource, IdempotencyKey, InterestRun, SourceKind
from .permissions import (
    ACCOUNT_READERS,
    DEPOSIT_CONFIRMERS,
    DEPOSIT_WRITERS,
    INTEREST_POSTERS,
    INTEREST_READERS,
    MONEY_READERS,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class DepositSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)
    reverses = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Deposit
        fields = ["id", "township", "township_name", "date", "amount", "voucher_number", "source", "reverses",
                  "reason", "created_at"]
        read_only_fields = fields


class DepositCreateSerializer(serializers.Serializer):
    township = serializers.CharField(max_length=15, help_text="9-digit township code")
    date = serializers.DateField()
    amount = serializers.CharField(max_length=20, help_text='yuan with up to two decimals, e.g. "1200.00"')
    voucher_number = serializers.CharField(max_length=60)


class DepositReversalSerializer(serializers.Serializer):
    reason = serializers.CharField()


class DepositViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Deposit vouchers. POST needs an Idempotency-Key header: a replay with the same key and body returns
    the first answer and creates nothing; the same key with another body answers 422."""

    permission_classes = [PostPermission]
    read_posts = MONEY_READERS
    write_posts = DEPOSIT_WRITERS
    serializer_class = DepositSerializer

    def get_queryset(self):
        p = self.request.query_params
        return selectors.deposit_list(
            user=self.request.user,
            township_code=p.get("township") or None,
            date_from=date_param(p, "date_from"),
            date_to=date_param(p, "date_to"),
            voucher=p.get("voucher_number") or None,
        )

    def get_object(self):
        return selectors.deposit_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        parameters=[
            OpenApiParameter("township", str, description="9-digit township code"),
            OpenApiParameter("date_from", datetime.date),
            OpenApiParameter("date_to", datetime.date),
            OpenApiParameter("voucher_number", str),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=DepositCreateSerializer,
        responses={201: DepositSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True,
                                     description="one key per voucher; reuse it only to retry the same request")],
    )
    def create(self, request):
        def handler():
            s = DepositCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            deposit = services.deposit_record(actor=request.user, source=DepositSource.API, **s.validated_data)
            return status.HTTP_201_CREATED, DepositSerializer(deposit).data

        return idempotent(request, keys=IdempotencyKey, scope="deposits.create", handler=handler)

    @extend_schema(request=DepositReversalSerializer, responses={202: {"type": "object"}})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        """Propose cancelling the voucher (202); a second officer confirms it with reverse/confirm."""
        deposit = self.get_object()
        s = DepositReversalSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        proposal = services.deposit_reversal_propose(actor=request.user, deposit=deposit,
                                                     reason=s.validated_data["reason"])
        return Response({"proposal": proposal.pk, "status": proposal.status}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={201: DepositSerializer})
    @action(detail=True, methods=["post"], url_path="reverse/confirm", url_name="reverse-confirm",
            write_posts=DEPOSIT_CONFIRMERS)
    def reverse_confirm(self, request, pk=None):
        deposit = self.get_object()
        proposal = selectors.deposit_reversals_open(user=request.user).filter(deposit=deposit).first()
        if proposal is None:
            raise Conflict({"deposit": _("No cancellation of this voucher awaits confirmation.")})
        reversal = services.deposit_reversal_confirm(actor=request.user, proposal=proposal)
        return Response(DepositSerializer(reversal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DepositReversalSerializer, responses={200: {"type": "object"}})
    @action(detail=True, methods=["post"], url_path="reverse/reject", url_name="reverse-reject",
            write_posts=DEPOSIT_CONFIRMERS)
    def reverse_reject(self, request, pk=None):
        """Refuse a proposed cancellation, with a reason (issue 10 item 5); the voucher stays as it is."""
        deposit = self.get_object()
        s = DepositReversalSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        proposal = selectors.deposit_reversals_open(user=request.user).filter(deposit=deposit).first()
        if proposal is None:
            raise Conflict({"deposit": _("No cancellation of this voucher awaits confirmation.")})
        proposal = services.deposit_reversal_reject(actor=request.user, proposal=proposal,
                                                    reason=s.validated_data["reason"])
        return Response({"proposal": proposal.pk, "status": proposal.status})


def _year_param(params, *, default):
    return year_param(params, default=default)


class StatementEntrySerializer(serializers.Serializer):
    value_date = serializers.DateField()
    component = serializers.CharField()
    kind = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    contribution = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_contribution(self, entry) -> int | None:
        """The id of the contribution the entry came from (its source), if any."""
        return entry.source_id if entry.source_kind == SourceKind.CONTRIBUTION else None


class ComponentLineSerializer(serializers.Serializer):
    component = serializers.CharField()
    opening = serializers.DecimalField(**MONEY)
    movement = serializers.DecimalField(**MONEY)
    closing = serializers.DecimalField(**MONEY)


class StatementSerializer(serializers.Serializer):
    resident = serializers.IntegerField(source="resident.id")
    name = serializers.CharField(source="resident.name")
    year = serializers.IntegerField()
    opening_balance = serializers.DecimalField(source="opening", **MONEY)
    principal = serializers.DecimalField(**MONEY)
    interest = serializers.DecimalField(**MONEY)
    paid_out = serializers.DecimalField(**MONEY)
    closing_balance = serializers.DecimalField(source="closing", **MONEY)
    components = ComponentLineSerializer(many=True)
    entries = StatementEntrySerializer(many=True)


class StatementView(APIView):
    """A resident's yearly account statement: opening, principal, interest, paid out, closing."""

    permission_classes = [PostPermission]
    read_posts = ACCOUNT_READERS

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=StatementSerializer)
    def get(self, request, resident_id: int):
        resident = enrollment_selectors.resident_get(user=request.user, pk=resident_id)
        year = _year_param(request.query_params, default=timezone.localdate().year)
        return Response(StatementSerializer(selectors.account_statement(resident=resident, year=year)).data)


class InterestRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = InterestRun
        fields = ["id", "year", "status", "requested_at", "started_at", "finished_at", "accounts", "entries",
                  "total_interest", "error"]
        read_only_fields = fields


class InterestRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Interest posting runs. POST {"year": 2025} queues the posting of a finished year (county officer)."""

    permission_classes = [PostPermission]
    read_posts = INTEREST_READERS
    write_posts = INTEREST_POSTERS
    serializer_class = InterestRunSerializer
    queryset = InterestRun.objects.order_by("-requested_at", "-id")

    @extend_schema(request=inline_serializer("InterestRunRequest", {"year": serializers.IntegerField()}),
                   responses={202: InterestRunSerializer})
    def create(self, request):
        year = year_param(request.data)
        if year is None:
            message = _("Enter a year between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}
            raise ValidationError({"year": [message]})
        run = services.interest_run_request(actor=request.user, year=year)
        run.refresh_from_db()
        return Response(InterestRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
