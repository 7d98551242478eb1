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
    """Age in completed years: lists and exports show it beside a masked ID number, never the birth date."""
    from django.utils import timezone

    return idnumber.age_on(birth_date, timezone.localdate()) if birth_date else ""
