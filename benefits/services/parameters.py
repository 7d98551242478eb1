"""The county's benefit parameters. Every change is a new dated row (or a correction of a row not yet in force),
logged with before and after. A row from a month that payrolls have already paid starts a yearly adjustment
(调待): see services.adjustments."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, require_post

from ..models import BenefitParameter, Rounding
from ..months import month_of, parse_month

MONEY_FIELDS = ["basic_national", "basic_provincial", "basic_county", "extra_per_year", "funeral_grant",
                "back_payment_per_year", "change_alert_percent"]
INT_FIELDS = {"extra_after_years": (1, 40), "divisor": (1, 500), "scheme_start_year": (2009, 2100)}
FIELDS = ["valid_from", *MONEY_FIELDS, *INT_FIELDS, "rounding", "source"]


def _money(value, field) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter an amount in yuan.")})
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e8") or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Enter an amount in yuan, not negative, with at most two decimals.")})
    return amount


def _clean(values: dict) -> dict:
    clean = {}
    for field in MONEY_FIELDS:
        if field in values and values[field] is not None:
            clean[field] = _money(values[field], field)
    if "basic_national" in clean and clean["basic_national"] <= 0:
        raise ValidationError({"basic_national": _("The national minimum is more than zero yuan.")})
    for field, (low, high) in INT_FIELDS.items():
        if field in values and values[field] is not None:
            try:
                number = int(values[field])
            except (TypeError, ValueError):
                number = low - 1
            if not low <= number <= high:
                raise ValidationError({field: _("Enter a whole number between %(a)s and %(b)s.") % {
                    "a": low, "b": high}})
            clean[field] = number
    if values.get("rounding") is not None:
        if values["rounding"] not in Rounding.values:
            raise ValidationError({"rounding": _("Choose a rounding rule.")})
        clean["rounding"] = values["rounding"]
    if values.get("source") is not None:
        clean["source"] = str(values["source"]).strip()[:200]
    return clean


@transaction.atomic
def benefit_parameter_save(*, actor, valid_from, reason: str = "", **values) -> BenefitParameter:
    """Record the parameters in force from `valid_from` (a month). Fields not given are carried over from the row
    in force before. A row already in force is never edited: a change is a new row from a later month."""
    require_post(actor, COUNTY_BUSINESS)
    month = parse_month(valid_from)
    if month is None or not 2009 <= month.year <= 2100:
        raise ValidationError({"valid_from": _("Enter the month as YYYY-MM.")})
    clean = _clean(values)
    existing = BenefitParameter.objects.select_for_update().filter(valid_from=month).first()
    this_month = month_of(timezone.localdate())
    if existing is not None:
        if existing.valid_from <= this_month:
            raise Conflict({"valid_from": _("The parameters of %(m)s are in force; record the change as a new row "
                                            "from a later month.") % {"m": f"{month:%Y-%m}"}})
        before = snapshot(existing, FIELDS)
        row = existing
    else:
        before = None
        previous = BenefitParameter.objects.filter(valid_from__lt=month).order_by("-valid_from").first()
        row = BenefitParameter(valid_from=month, created_by=actor)
        if previous is not None:
            for field in FIELDS[1:]:
                setattr(row, field, getattr(previous, field))
        elif "basic_national" not in clean:
            raise ValidationError({"basic_national": _("Enter the national minimum.")})
    for field, value in clean.items():
        setattr(row, field, value)
    row.save()
    log_operation(actor=actor, action="benefit_parameter.save", obj=row, before=before,
                  after=snapshot(row, FIELDS), reason=reason)
    return row

