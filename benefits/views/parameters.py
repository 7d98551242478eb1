from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pension.forms import apply_service_errors
from pension.permissions import has_post, require_post

from .. import selectors, services
from ..models import BenefitParameter, Rounding
from .common import COUNTY, READERS, errors_text


class ParameterForm(forms.Form):
    valid_from = forms.CharField(label=gettext_lazy("In force from (YYYY-MM)"), max_length=7)
    basic_national = forms.CharField(label=gettext_lazy("Basic pension: national minimum"), max_length=20)
    basic_provincial = forms.CharField(label=gettext_lazy("Basic pension: provincial top-up"), max_length=20)
    basic_county = forms.CharField(label=gettext_lazy("Basic pension: county top-up"), max_length=20)
    extra_per_year = forms.CharField(label=gettext_lazy("Extra per year beyond the threshold"), max_length=20)
    extra_after_years = forms.CharField(label=gettext_lazy("Extra paid for years beyond"), max_length=3)
    divisor = forms.CharField(label=gettext_lazy("Account divisor (months)"), max_length=4)
    rounding = forms.ChoiceField(label=gettext_lazy("Rounding"), choices=Rounding.choices)
    funeral_grant = forms.CharField(label=gettext_lazy("Funeral grant"), max_length=20)
    scheme_start_year = forms.CharField(label=gettext_lazy("First year of the scheme"), max_length=4)
    back_payment_per_year = forms.CharField(label=gettext_lazy("Back payment per missing year"), max_length=20)
    change_alert_percent = forms.CharField(label=gettext_lazy("Month-on-month change flagged above (%)"),
                                           max_length=6)
    source = forms.CharField(label=gettext_lazy("Source document"), max_length=200, required=False)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


@login_required
def parameter_index(request):
    require_post(request.user, READERS)
    can_edit = has_post(request.user, COUNTY)
    rows = list(selectors.parameter_rows())
    initial = {f: getattr(rows[0], f) for f in ParameterForm.base_fields if hasattr(rows[0], f)} if rows else {}
    initial.pop("valid_from", None)
    form = ParameterForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require_post(request.user, COUNTY)
        if form.is_valid():
            try:
                services.benefit_parameter_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("benefits:parameter_index")
    return render(request, "benefits/parameters.html", {
        "rows": rows, "form": form, "can_edit": can_edit,
        "adjustments": selectors.adjustment_list(user=request.user)[:100]})


@login_required
@require_POST
def adjustment_prepare(request, pk):
    require_post(request.user, COUNTY)
    parameter = get_object_or_404(BenefitParameter, pk=pk)
    try:
        made = services.adjustment_prepare(actor=request.user, parameter=parameter)
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("%(n)s township lists prepared.") % {"n": len(made)})
    return redirect("benefits:parameter_index")


@login_required
@require_POST
def adjustment_approve(request, pk):
    require_post(request.user, COUNTY)
    adjustment = selectors.adjustment_get(user=request.user, pk=pk)
    try:
        services.adjustment_approve(actor=request.user, adjustment=adjustment)
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Adjustment approved."))
    return redirect("benefits:parameter_index")
