"""Receipt books over REST: issue, list, void a spoiled number (a range with a second officer's confirmation),
write off, and the gaps report. Serializers shape data; services decide."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pension.errors import Conflict
from pension.models import AreaLevel
from pension.permissions import BUSINESS_READERS, COUNTY_BUSINESS, PostPermission
from pension.scope import scoped_areas

from .. import selectors, services
from ..models import ReceiptBook
from ..services.contributions import ENTERERS


class ReceiptBookSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)
    size = serializers.SerializerMethodField()
    used_count = serializers.IntegerField(read_only=True)
    voided_count = serializers.IntegerField(read_only=True)
    missing_count = serializers.SerializerMethodField(help_text="numbers neither used nor voided")
    written_off = serializers.SerializerMethodField()

    class Meta:
        model = ReceiptBook
        fields = ["id", "township", "township_name", "first_number", "last_number", "size", "used_count",
                  "voided_count", "missing_count", "issued_at", "written_off", "written_off_at"]
        read_only_fields = fields

    def get_size(self, obj) -> int:
        return int(obj.last_number) - int(obj.first_number) + 1

    def get_missing_count(self, obj) -> int:
        return self.get_size(obj) - obj.used_count - obj.voided_count

    def get_written_off(self, obj) -> bool:
        return obj.written_off_at is not None


class ReceiptBookCreateSerializer(serializers.Serializer):
    township = serializers.CharField(max_length=9, help_text="9-digit township code")
    first_number = serializers.CharField(max_length=20)
    last_number = serializers.CharField(max_length=20)


class VoidSerializer(serializers.Serializer):
    first_number = serializers.CharField(max_length=20)
    last_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    reason = serializers.CharField()


class ReceiptBookViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = COUNTY_BUSINESS
    serializer_class = ReceiptBookSerializer

    def get_queryset(self):
        p = self.request.query_params
        return selectors.receipt_book_list(user=self.request.user, township_code=p.get("township") or None,
                                           open_only=p.get("open") in ("1", "true"))

    def get_object(self):
        return selectors.receipt_book_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter("township", str, required=False),
                               OpenApiParameter("open", bool, required=False)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ReceiptBookCreateSerializer, responses={201: ReceiptBookSerializer})
    def create(self, request):
        s = ReceiptBookCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        township = scoped_areas(request.user, AreaLevel.TOWNSHIP).filter(code=s.validated_data["township"]).first()
        if township is None:
            raise serializers.ValidationError({"township": [_("No township with this code in your area.")]})
        book = services.receipt_book_issue(actor=request.user, township=township,
                                           first_number=s.validated_data["first_number"],
                                           last_number=s.validated_data["last_number"])
        return Response(ReceiptBookSerializer(selectors.receipt_book_get(user=request.user, pk=book.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=VoidSerializer, responses=ReceiptBookSerializer)
    @action(detail=True, methods=["post"], write_posts=ENTERERS)
    def void(self, request, pk=None):
        """Void one spoiled number; a range is proposed (202) and voided when a county officer confirms it."""
        s = VoidSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        if (data.get("last_number") or "").strip() not in ("", data["first_number"].strip()):
            proposal = services.receipt_void_propose(actor=request.user, book=self.get_object(), **data)
            return Response({"proposal": proposal.pk, "status": proposal.status}, status=status.HTTP_202_ACCEPTED)
        services.receipt_void(actor=request.user, book=self.get_object(), **data)
        return Response(ReceiptBookSerializer(self.get_object()).data)

    def _open_void_proposal(self, request):
        """The voiding of a range the body names (`proposal`), if it still awaits confirmation; else 409."""
        proposal = selectors.void_proposals_open(book=self.get_object()).filter(
            pk=_int_or_400(request.data.get("proposal"), "proposal")).first()
        if proposal is None:
            raise Conflict({"proposal": _("No such voiding awaits confirmation.")})
        return proposal

    @extend_schema(request={"application/json": {"type": "object", "properties": {"proposal": {"type": "integer"}}}},
                   responses=ReceiptBookSerializer)
    @action(detail=True, methods=["post"], url_path="void/confirm", url_name="void-confirm",
            write_posts=COUNTY_BUSINESS)
    def void_confirm(self, request, pk=None):
        proposal = self._open_void_proposal(request)
        services.receipt_void_confirm(actor=request.user, proposal=proposal)
        return Response(ReceiptBookSerializer(self.get_object()).data)

    @extend_schema(request={"application/json": {"type": "object", "properties": {
        "proposal": {"type": "integer"}, "reason": {"type": "string"}}}}, responses=ReceiptBookSerializer)
    @action(detail=True, methods=["post"], url_path="void/reject", url_name="void-reject",
            write_posts=COUNTY_BUSINESS)
    def void_reject(self, request, pk=None):
        """Refuse a proposed voiding of a range, with a reason (issue 10 item 5); the numbers stay usable."""
        proposal = self._open_void_proposal(request)
        services.receipt_void_reject(actor=request.user, proposal=proposal,
                                     reason=str(request.data.get("reason") or ""))
        return Response(ReceiptBookSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=ReceiptBookSerializer)
    @action(detail=True, methods=["post"], url_path="write-off", url_name="write-off")
    def write_off(self, request, pk=None):
        services.receipt_book_write_off(actor=request.user, book=self.get_object())
        return Response(ReceiptBookSerializer(self.get_object()).data)

    @extend_schema(responses={200: {"type": "object"}})
    @action(detail=True, methods=["get"])
    def gaps(self, request, pk=None):
        report = selectors.receipt_book_gaps(book=self.get_object())
        return Response(report)


def _int_or_400(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise serializers.ValidationError({field: [_("Give the number of the proposal.")]})
