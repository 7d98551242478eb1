from django import forms
from django.utils.translation import gettext_lazy as _

from pension.params import MAX_YEAR, MIN_YEAR

from .models import MonthRule, RoundingMode


class DepositUploadForm(forms.Form):
    file = forms.FileField(label=_("Deposit voucher workbook (.xlsx)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class InterestRateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    rate_percent = forms.DecimalField(label=_("Annual rate (%)"), max_digits=6, decimal_places=4, min_value=0)
    rounding = forms.ChoiceField(label=_("Rounding rule"), choices=RoundingMode.choices)
    month_rule = forms.ChoiceField(label=_("Month rule"), choices=MonthRule.choices)
    source = forms.CharField(label=_("Source document"), max_length=200, required=False)


class InterestPostForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class DepositEntryForm(forms.Form):
    """One voucher typed in by county finance; the service parses and checks every field (as for the API)."""

    township = forms.ChoiceField(label=_("Township"))
    date = forms.CharField(label=_("Deposit date"), max_length=20,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    amount = forms.CharField(label=_("Amount"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=40)

    def __init__(self, *args, townships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].choices = [("", "—")] + [(t.code, f"{t.name} {t.code}") for t in townships]
