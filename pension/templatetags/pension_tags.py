from django import template

from pension import idnumber
from pension.money import format_yuan

register = template.Library()


@register.filter
def yuan(value):
    return format_yuan(value)


@register.filter
def mask_id(value):
    return idnumber.mask(value or "")


@register.filter
def mask_account(value):
    return idnumber.mask_account(value or "")


@register.filter
def age(birth_date):
    """Whole years of age today: shown instead of the birth date beside a masked ID number."""
    from django.utils import timezone

    if not birth_date:
        return ""
    today = timezone.localdate()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
