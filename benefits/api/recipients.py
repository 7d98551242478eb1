from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pension.permissions import BUSINESS_READERS, PostPermission

from .. import selectors, services
from ..models import Overpayment, Recipient, RecoveryMethod, StopReason, StopRequestAction
from .common import PAYROLL_APPROVERS, TOWNSHIP_AND_COUNTY, MonthField, ReasonSerializer, ResidentMixin
from .stops import StopRequestSerializer


class RecipientSerializer(ResidentMixin, serializers.ModelSerializer):
    start_month = MonthField(read_only=True)
    paid_through = MonthField(read_only=True)
    suspended_from = MonthField(read_only=True)
    stopped_from = MonthField(read_only=True)
    township = serializers.CharField(source="township.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = Recipient
        fields = ["id", "resident", "resident_name", "id_number", "township", "village", "village_name",
                  "natural_village", "status", "monthly_amount", "basic_national", "basic_provincial",
                  "basic_county", "extra", "basic_amount", "account_amount", "award", "start_month", "paid_through",
                  "suspended_from", "stopped_on", "stopped_from", "stop_reason"]
        read_only_fields = fields


class StopAskSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=StopReason.choices)
    date = serializers.DateField(help_text="date of death, or the day the other pension began")
    reason = serializers.CharField(max_length=500)


class RecipientViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Recipients; suspend and resume (source "manual") and stop (asked here, confirmed by another county officer
    at /api/v1/stop-requests/{id}/confirm/) are the only ways their standing changes."""

    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = TOWNSHIP_AND_COUNTY
    serializer_class = RecipientSerializer

    def get_queryset(self):
        p = self.request.query_params
        township = selectors.township_by_code(user=self.request.user, code=p.get("township"))
        return selectors.recipient_list(user=self.request.user, township=township, status=p.get("status") or None,
                                        q=p.get("q") or None)

    def get_object(self):
        return selectors.recipient_get(user=self.request.user, pk=self.kwargs["pk"])

    def _ask(self, request, action):
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        req = services.suspension_request_propose(actor=request.user, recipient=self.get_object(), action=action,
                                                  reason=s.validated_data["reason"])
        return Response(StopRequestSerializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses={201: StopRequestSerializer})
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        """Ask to suspend the pension (from the first month not yet paid): it takes effect when another county
        officer confirms it (/api/v1/stop-requests/)."""
        return self._ask(request, StopRequestAction.SUSPEND)

    @extend_schema(request=ReasonSerializer, responses={201: StopRequestSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """Ask to resume a suspended pension: once another county officer confirms it (/api/v1/stop-requests/),
        the next payroll pays the suspended months as arrears."""
        return self._ask(request, StopRequestAction.RESUME)

    @extend_schema(request=StopAskSerializer, responses={201: StopRequestSerializer})
    @action(detail=True, methods=["post"])
    def stop(self, request, pk=None):
        """Ask for a stop: it takes effect when another county officer confirms it (/api/v1/stop-requests/)."""
        s = StopAskSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        req = services.stop_request_propose(actor=request.user, recipient=self.get_object(), kind=d["kind"],
                                            date=d["date"], reason=d["reason"])
        return Response(StopRequestSerializer(req).data, status=status.HTTP_201_CREATED)


class RecoverySerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=[(RecoveryMethod.REPAYMENT, RecoveryMethod.REPAYMENT.label),
                                              (RecoveryMethod.INSTALMENT, RecoveryMethod.INSTALMENT.label)])
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    date = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class OverpaymentSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="recipient.resident.name", read_only=True)
    first_month = MonthField(read_only=True)
    last_month = MonthField(read_only=True)
    recovered = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    outstanding = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    recoveries = serializers.SerializerMethodField()

    class Meta:
        model = Overpayment
        fields = ["id", "recipient", "resident_name", "kind", "first_month", "last_month", "amount", "recovered",
                  "outstanding", "reason", "created_at", "recoveries"]
        read_only_fields = fields

    def get_recoveries(self, obj) -> list:
        return [{"id": r.pk, "method": r.method, "amount": str(r.amount), "date": r.date.isoformat(),
                 "note": r.note, "status": r.status, "created_by": r.created_by_id, "checker": r.checker_id}
                for r in obj.recoveries.all()]


class OverpaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Overpayments with what is still owed; POST {id}/recoveries/ records a repayment or an instalment, which
    counts once another person confirms it (/api/v1/recoveries/{id}/confirm/)."""

    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = PAYROLL_APPROVERS
    serializer_class = OverpaymentSerializer

    def get_queryset(self):
        p = self.request.query_params
        township = selectors.township_by_code(user=self.request.user, code=p.get("township"))
        return selectors.overpayment_list(user=self.request.user, township=township,
                                          open_only=p.get("open") in ("1", "true")).prefetch_related("recoveries")

    def get_object(self):
        return selectors.overpayment_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=RecoverySerializer, responses={201: OverpaymentSerializer})
    @action(detail=True, methods=["post"])
    def recoveries(self, request, pk=None):
        s = RecoverySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.recovery_record(actor=request.user, overpayment=self.get_object(), **s.validated_data)
        return Response(OverpaymentSerializer(self.get_object()).data, status=status.HTTP_201_CREATED)
