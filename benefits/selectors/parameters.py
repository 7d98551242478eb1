import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..models import BenefitParameter
from ..months import month_of


def parameter_rows() -> QuerySet[BenefitParameter]:
    """Every dated parameter row, newest first (parameters are county-wide, not personal: no scope)."""
    return BenefitParameter.objects.select_related("created_by").order_by("-valid_from")


def parameter_in_force(*, month: datetime.date) -> BenefitParameter:
    row = BenefitParameter.objects.filter(valid_from__lte=month_of(month)).order_by("-valid_from").first()
    if row is None:
        raise ValidationError({"month": _("No benefit parameters are in force in %(m)s.") % {
            "m": f"{month:%Y-%m}"}})
    return row
