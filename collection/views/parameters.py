"""The county's parameter pages: a year's grades with the subsidy split, campaign dates and back payment,
hardship shares, collective subsidies. Only county business officers edit; everybody in business reads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from enrollment.models import Hardship
from pension.forms import apply_service_errors
from pension.permissions import BUSINESS_READERS, COUNTY_BUSINESS, has_post, require_post

from .. import selectors, services
from ..forms import CollectionYearForm, CollectiveSubsidyForm, GradeForm, HardshipShareForm, NewYearForm
from ..models import CollectionYear, ContributionGrade


@login_required
def parameter_index(request):
    require_post(request.user, BUSINESS_READERS)
    form = NewYearForm(request.POST or None)
    if request.method == "POST":
        require_post(request.user, COUNTY_BUSINESS)
        if form.is_valid():
            try:
                n = services.grades_copy_year(actor=request.user, from_year=form.cleaned_data["copy_from"],
                                              to_year=form.cleaned_data["year"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("%(n)s grades copied; set the campaign dates next.") % {"n": n})
                return redirect("collection:parameter_year", year=form.cleaned_data["year"])
    return render(request, "collection/parameter_index.html", {
        "years": selectors.parameter_years(), "form": form, "can_edit": has_post(request.user, COUNTY_BUSINESS),
    })


@login_required
def parameter_year(request, year: int):
    require_post(request.user, BUSINESS_READERS)
    can_edit = has_post(request.user, COUNTY_BUSINESS)
    cy = CollectionYear.objects.filter(year=year).first()
    forms = {
        "grade": GradeForm(prefix="grade"),
        "year": CollectionYearForm(prefix="year", initial={
            "opens_on": cy.opens_on, "closes_on": cy.closes_on, "back_payment_years": cy.back_payment_years,
            "back_payment_over_60": cy.back_payment_over_60, "late_entry_days": cy.late_entry_days}
            if cy else {"back_payment_years": 2, "late_entry_days": 10}),
        "share": HardshipShareForm(prefix="share"),
        "collective": CollectiveSubsidyForm(prefix="collective", user=request.user),
    }
    if request.method == "POST":
        require_post(request.user, COUNTY_BUSINESS)
        which = request.POST.get("form")
        handlers = {
            "grade": (GradeForm, services.grade_save, {}),
            "year": (CollectionYearForm, services.collection_year_save, {}),
            "share": (HardshipShareForm, services.hardship_share_save, {}),
            "collective": (CollectiveSubsidyForm, services.collective_subsidy_save, {"user": request.user}),
        }
        if which in handlers:
            form_class, service, extra = handlers[which]
            form = form_class(request.POST, prefix=which, **extra)
            forms[which] = form
            if form.is_valid():
                try:
                    service(actor=request.user, year=year, **form.cleaned_data)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("collection:parameter_year", year=year)
    ctx = selectors.parameters_of_year(year=year)
    labels = dict(Hardship.choices)
    for share in ctx["shares"]:
        share.label = labels.get(share.hardship, share.hardship)
    ctx.update({"forms": forms, "can_edit": can_edit})
    return render(request, "collection/parameter_year.html", ctx)


@login_required
def grade_edit(request, pk: int):
    require_post(request.user, COUNTY_BUSINESS)
    grade = get_object_or_404(ContributionGrade, pk=pk)
    fields = ["amount", "subsidy_central", "subsidy_provincial", "subsidy_municipal", "subsidy_county", "active"]
    form = GradeForm(request.POST or None, initial={f: getattr(grade, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_save(actor=request.user, year=grade.year, grade=grade, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("collection:parameter_year", year=grade.year)
    return render(request, "collection/grade_form.html", {"form": form, "grade": grade})
