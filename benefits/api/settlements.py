from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pension import idnumber
from pension.permissions import BUSINESS_READERS, PostPermission

from .. import selectors, services
from ..models import Recovery, Settlement, SettlementCorrection, SettlementPayment
from .common import PAYROLL_APPROVERS, ReasonSerializer


class SettlementCorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SettlementCorrection
        fields = ["id", "reversal", "amount", "created_by", "checker", "created_at"]
        read_only_fields = fields


class SettlementPaymentSerializer(serializers.ModelSerializer):
    payee_account = serializers.SerializerMethodField(help_text="masked: the last four digits")

    class Meta:
        model = SettlementPayment
        fields = ["id", "payout", "correction", "amount", "payee_name", "payee_account", "status", "failure_reason",
                  "retry_of"]
        read_only_fields = fields

    def get_payee_account(self, obj) -> str:
        return idnumber.mask_account(obj.payee_account)


class SettlementSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="recipient.resident.name", read_only=True)
    payee_account = serializers.SerializerMethodField(help_text="the heir's account when not the recipient's; masked")
    payments = SettlementPaymentSerializer(many=True, read_only=True)
    corrected = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                         help_text="paid on top: deductions reversed after approval")
    payable = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                       help_text="amount + corrected")
    corrections = SettlementCorrectionSerializer(many=True, read_only=True)

    class Meta:
        model = Settlement
        fields = ["id", "recipient", "resident_name", "kind", "balance", "subsidies", "funeral_grant", "deducted",
                  "amount", "corrected", "payable", "corrections", "payee_name", "payee_account", "payments", "status",
                  "created_by", "created_at", "checker",
                  "checked_at"]
        read_only_fields = fields

    def get_payee_account(self, obj) -> str:
        return idnumber.mask_account(obj.payee_account)


class PayeeSerializer(serializers.Serializer):
    payee_name = serializers.CharField(allow_blank=True, max_length=50)
    payee_account = serializers.CharField(allow_blank=True, max_length=40, help_text="12 to 32 digits")


class SettlementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Settlements (heirs after a death, refund after double receipt): computed when the pension stops, approved
    by a county officer or county finance other than who stopped it; approval closes the account. A deduction it
    took, once reversed by two people (/api/v1/recoveries/{id}/reverse/, then confirm), is paid out as a
    correction: `payable` = `amount` + `corrected`; the approved settlement itself never changes."""

    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = PAYROLL_APPROVERS
    serializer_class = SettlementSerializer

    def get_queryset(self):
        return selectors.settlement_list(user=self.request.user, status=self.request.query_params.get("status"))

    def get_object(self):
        return selectors.settlement_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=None, responses=SettlementSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        services.settlement_approve(actor=request.user, settlement=self.get_object())
        return Response(SettlementSerializer(self.get_object()).data)

    @extend_schema(request=PayeeSerializer, responses=SettlementSerializer)
    @action(detail=True, methods=["post"])
    def payee(self, request, pk=None):
        """Who receives the settlement (the heir's name and account); both blank for the recipient's own."""
        s = PayeeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.settlement_payee(actor=request.user, settlement=self.get_object(), **s.validated_data)
        return Response(SettlementSerializer(self.get_object()).data)


class RecoverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Recovery
        fields = ["id", "overpayment", "method", "amount", "date", "note", "status", "created_by", "created_at",
                  "checker", "checked_at", "reject_reason", "reverses"]
        read_only_fields = fields


class RecoveryViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A recovery recorded on an overpayment counts once a second person confirms it (or rejects it). A confirmed
    recovery is reversed by POST {id}/reverse/ (a reversal of the negative amount, which counts once another
    person confirms it; a reversed settlement deduction is then paid out as a settlement correction)."""

    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = PAYROLL_APPROVERS
    serializer_class = RecoverySerializer
    queryset = Recovery.objects.none()

    def get_object(self):
        return selectors.recovery_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=None, responses=RecoverySerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return Response(RecoverySerializer(services.recovery_confirm(actor=request.user,
                                                                     recovery=self.get_object())).data)

    @extend_schema(request=ReasonSerializer, responses=RecoverySerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return Response(RecoverySerializer(services.recovery_reject(
            actor=request.user, recovery=self.get_object(), reason=s.validated_data["reason"])).data)

    @extend_schema(request=ReasonSerializer, responses={201: RecoverySerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        reversal = services.recovery_reverse(actor=request.user, recovery=self.get_object(),
                                             reason=s.validated_data["reason"])
        return Response(RecoverySerializer(reversal).data, status=status.HTTP_201_CREATED)
