from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pension.permissions import BUSINESS_READERS, PostPermission

from .. import selectors, services
from ..models import StopReason, StopRequest
from .common import COUNTY, ReasonSerializer


class StopRequestSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="recipient.resident.name", read_only=True)
    kind = serializers.ChoiceField(choices=StopReason.choices, allow_blank=True, read_only=True,
                                   help_text="the stop reason; empty for a suspension or resumption")
    date = serializers.DateField(read_only=True, allow_null=True,
                                 help_text="a stop's date of death or of the other pension's start; null otherwise")

    class Meta:
        model = StopRequest
        fields = ["id", "recipient", "resident_name", "action", "kind", "date", "reason", "status", "requested_by",
                  "requested_at", "checker", "checked_at", "reject_reason"]
        read_only_fields = fields


class StopRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests asked for with POST /api/v1/recipients/{id}/stop/, /suspend/ or /resume/ (`action`: stop, suspend,
    resume; `kind` and `date` only for a stop); a county officer other than the one who asked confirms (the
    change is made) or rejects (with a reason). ?status=proposed lists those waiting, ?action=suspend one
    action."""

    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = COUNTY
    serializer_class = StopRequestSerializer

    def get_queryset(self):
        p = self.request.query_params
        township = selectors.township_by_code(user=self.request.user, code=p.get("township"))
        return selectors.stop_request_list(user=self.request.user, status=p.get("status") or None,
                                           township=township, action=p.get("action") or None)

    def get_object(self):
        return selectors.stop_request_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=None, responses=StopRequestSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        services.stop_request_confirm(actor=request.user, stop_request=self.get_object())
        return Response(StopRequestSerializer(self.get_object()).data)

    @extend_schema(request=ReasonSerializer, responses=StopRequestSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.stop_request_reject(actor=request.user, stop_request=self.get_object(),
                                     reason=s.validated_data["reason"])
        return Response(StopRequestSerializer(self.get_object()).data)
