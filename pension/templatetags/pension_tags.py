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
