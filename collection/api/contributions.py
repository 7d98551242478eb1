"""Contributions over REST: list, read, enter, and the review and correction actions. Serializers shape data;
services decide."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from enrollment import selectors as enrollment_selectors
from pension import idnumber, params
from pension.errors import Conflict
from pension.permissions import BUSINESS_READERS, COUNTY_BUSINESS, PostPermission

from .. import selectors, services
from ..models import Channel, Contribution
from ..services.contributions import ENTERERS


class ContributionSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    id_number = serializers.SerializerMethodField(help_text="masked: 6 leading and 4 trailing characters")
    township = serializers.CharField(source="township.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    subsidy_total = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True,
                                     help_text="everything credited: personal + hardship + subsidies + "
                                               "collective + donation")

    class Meta:
        model = Contribution
        fields = [
            "id", "resident", "resident_name", "id_number", "township", "village", "village_name", "year", "kind",
            "grade", "personal_amount", "hardship_amount", "subsidy_central", "subsidy_provincial",
            "subsidy_municipal", "subsidy_county", "subsidy_total", "collective_amount", "donation_amount", "total",
            "channel", "receipt_number", "paid_on", "status", "maker", "made_at", "checker", "checked_at",
            "return_reason", "cancel_reason",
        ]
        read_only_fields = fields

    def get_id_number(self, obj) -> str:
        return idnumber.mask(obj.resident.id_number)


class ContributionCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField(required=False, help_text="resident id; or send id_number")
    id_number = serializers.CharField(required=False, max_length=40, help_text="the resident's ID number")
    year = serializers.IntegerField()
    grade = serializers.CharField(max_length=20, help_text='a grade of that year, e.g. "300.00"')
    channel = serializers.ChoiceField(choices=Channel.choices)
    receipt_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=20,
                                           help_text="cash only")
    paid_on = serializers.DateField(required=False, help_text="defaults to today")
    donation = serializers.CharField(required=False, default="0", max_length=20)

    def validate(self, data):
        if not data.get("resident") and not data.get("id_number"):
            raise serializers.ValidationError({"resident": _("Send the resident's id or ID number.")})
        return data


class ContributionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ResubmitSerializer(serializers.Serializer):
    grade = serializers.CharField(required=False, max_length=20)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    receipt_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    paid_on = serializers.DateField(required=False)


class ContributionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    township = django_filters.CharFilter(help_text="9-digit township code")
    village = django_filters.NumberFilter(help_text="id of an administrative village")
    status = django_filters.CharFilter(help_text="entered, returned, approved, reversed, cancelled")
    resident = django_filters.NumberFilter()


class ContributionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          viewsets.GenericViewSet):
    permission_classes = [PostPermission]
    read_posts = BUSINESS_READERS
    write_posts = ENTERERS
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter

    def get_queryset(self):
        p = self.request.query_params
        return selectors.contribution_list(
            user=self.request.user, year=params.year_param(p), township_code=p.get("township") or None,
            village_id=params.int_param(p, "village", minimum=1), status=p.get("status") or None,
            resident_id=params.int_param(p, "resident", minimum=1),
        )

    def filter_queryset(self, queryset):
        return queryset  # the selector applied the filters; the filterset documents them

    def get_object(self):
        return selectors.contribution_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=ContributionCreateSerializer, responses={201: ContributionSerializer})
    def create(self, request):
        s = ContributionCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        if d.get("resident"):
            resident = enrollment_selectors.resident_get(user=request.user, pk=d["resident"])
        else:
            resident = enrollment_selectors.resident_find_by_id_number(user=request.user, id_number=d["id_number"])
            if resident is None:
                raise NotFound(_("No resident with this ID number in your area."))
        contribution = services.contribution_enter(
            actor=request.user, resident=resident, year=d["year"], grade=d["grade"], channel=d["channel"],
            receipt_number=d.get("receipt_number", ""), paid_on=d.get("paid_on"), donation=d.get("donation", "0"),
        )
        contribution = selectors.contribution_get(user=request.user, pk=contribution.pk)
        return Response(ContributionSerializer(contribution).data, status=status.HTTP_201_CREATED)

    def _done(self, request, contribution):
        return Response(ContributionSerializer(selectors.contribution_get(user=request.user,
                                                                          pk=contribution.pk)).data)

    @extend_schema(request=None, responses=ContributionSerializer)
    @action(detail=True, methods=["post"], write_posts=COUNTY_BUSINESS)
    def approve(self, request, pk=None):
        contribution = services.contribution_approve(actor=request.user, contribution=self.get_object())
        return self._done(request, contribution)

    @extend_schema(request=ContributionReasonSerializer, responses=ContributionSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return", write_posts=COUNTY_BUSINESS)
    def return_(self, request, pk=None):
        reason = _reason(request)
        contribution = services.contribution_return(actor=request.user, contribution=self.get_object(), reason=reason)
        return self._done(request, contribution)

    @extend_schema(request=ContributionReasonSerializer, responses={202: {"type": "object"}})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        """Propose the reversal (202); it takes effect when a second county officer confirms it."""
        reason = _reason(request)
        proposal = services.contribution_reversal_propose(actor=request.user, contribution=self.get_object(),
                                                          reason=reason)
        return Response({"proposal": proposal.pk, "status": proposal.status}, status=status.HTTP_202_ACCEPTED)

    def _open_proposal(self):
        proposal = selectors.reversal_proposal_open(contribution=self.get_object())
        if proposal is None:
            raise Conflict({"status": _("No reversal of this contribution is awaiting confirmation.")})
        return proposal

    @extend_schema(request=None, responses=ContributionSerializer)
    @action(detail=True, methods=["post"], url_path="reverse/confirm", url_name="reverse-confirm",
            write_posts=COUNTY_BUSINESS)
    def reverse_confirm(self, request, pk=None):
        reversal = services.contribution_reversal_confirm(actor=request.user, proposal=self._open_proposal())
        return self._done(request, reversal.contribution)

    @extend_schema(request=ContributionReasonSerializer, responses=ContributionSerializer)
    @action(detail=True, methods=["post"], url_path="reverse/reject", url_name="reverse-reject",
            write_posts=COUNTY_BUSINESS)
    def reverse_reject(self, request, pk=None):
        reason = _reason(request)
        services.contribution_reversal_reject(actor=request.user, proposal=self._open_proposal(), reason=reason)
        return self._done(request, self.get_object())

    @extend_schema(request=ResubmitSerializer, responses=ContributionSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        s = ResubmitSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        contribution = services.contribution_resubmit(actor=request.user, contribution=self.get_object(),
                                                      **s.validated_data)
        return self._done(request, contribution)

    @extend_schema(request=ContributionReasonSerializer, responses=ContributionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        reason = _reason(request)
        contribution = services.contribution_cancel(actor=request.user, contribution=self.get_object(), reason=reason)
        return self._done(request, contribution)


def _reason(request) -> str:
    """The `reason` of a return, reversal, rejection or cancellation, checked by its serializer."""
    s = ContributionReasonSerializer(data=request.data)
    s.is_valid(raise_exception=True)
    return s.validated_data["reason"]
