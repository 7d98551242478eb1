from django.utils.translation import gettext as _
from rest_framework import serializers

from pension import idnumber
from pension.posts import Post

from ..months import parse_month

COUNTY = frozenset({Post.COUNTY_OFFICER})
TOWNSHIP_AND_COUNTY = frozenset({Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER})
PAYROLL_READERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE, Post.AUDITOR, Post.LEADER})
PAYROLL_APPROVERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE})


class MonthField(serializers.CharField):
    """A month written YYYY-MM."""

    def to_internal_value(self, data):
        month = parse_month(super().to_internal_value(data))
        if month is None or not 2000 <= month.year <= 2100:
            raise serializers.ValidationError(_("Enter the month as YYYY-MM."))
        return month

    def to_representation(self, value):
        return f"{value:%Y-%m}"


class ResidentMixin(serializers.Serializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    id_number = serializers.SerializerMethodField(help_text="masked: 6 leading and 4 trailing characters")

    def get_id_number(self, obj) -> str:
        return idnumber.mask(obj.resident.id_number)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
