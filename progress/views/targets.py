"""Progress pages: targets (Excel import), milestones and traffic-light thresholds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.excel import xlsx_response
from pension.forms import apply_service_errors, flash_error
from pension.params import int_param
from pension.permissions import has_post, require_post
from pension.posts import Post

from .. import selectors, services
from ..apps import COUNTY_READERS, MANAGERS
from ..forms import MilestoneForm, TargetImportForm, ThresholdsForm
from ..models import TargetImport
from .common import year_of


@login_required
def target_list(request):
    require_post(request.user, COUNTY_READERS | {Post.TOWNSHIP_CLERK})
    year = year_of(request)
    can_manage = has_post(request.user, MANAGERS)
    form = TargetImportForm(initial={"year": year})
    result = None
    if request.method == "POST":
        require_post(request.user, MANAGERS)
        form = TargetImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.target_import(actor=request.user, year=form.cleaned_data["year"],
                                                fileobj=upload, filename=upload.name)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if result.status == TargetImport.Status.ACCEPTED:
                    messages.success(request, _("All %(n)d rows are imported.") % {"n": result.imported})
                    return redirect(reverse("progress:target_list") + f"?year={result.year}&import={result.pk}")
                year = result.year
    import_id = int_param(request.GET, "import", minimum=1)
    if result is None and import_id and can_manage:  # the county's import records are the county's
        result = selectors.target_import_get(pk=import_id)
    targets = selectors.target_list(user=request.user, year=year)
    return render(request, "progress/target_list.html", {
        "year": year, "years": selectors.years_with_data(), "targets": targets, "form": form, "result": result,
        "can_manage": can_manage, "imports": selectors.target_imports(year=year)[:20] if can_manage else [],
        "milestones": selectors.milestones_for(year=year), "thresholds": selectors.thresholds_for(year=year),
    })


@login_required
def target_template(request):
    require_post(request.user, MANAGERS)
    year = year_of(request)
    return xlsx_response(
        "%s-%d.xlsx" % (_("Targets"), year),
        sheets=[(_("Targets"), services.targets.column_headers(), services.template_rows(year=year))],
    )


@login_required
def target_import_errors(request, pk: int):
    require_post(request.user, MANAGERS)
    batch = selectors.target_import_rejected_or_404(pk=pk)
    headers = services.targets.column_headers() + [_("Errors (row in the uploaded file)")]
    rows = ([*r["cells"], (_("Row %(row)d: ") % {"row": r["row"]}) + "；".join(r["errors"]) if r["errors"] else ""]
            for r in batch.error_rows)
    return xlsx_response(
        "%s-%d.xlsx" % (_("Target import errors"), batch.pk),
        sheets=[(_("Targets"), headers, rows)],
    )


@login_required
def milestones(request):
    require_post(request.user, MANAGERS)
    year = year_of(request)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_set(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect(reverse("progress:milestones") + f"?year={year}")
    current = selectors.thresholds_for(year=year)
    return render(request, "progress/milestones.html", {
        "year": year, "milestones": selectors.milestones_for(year=year), "form": form,
        "thresholds_form": ThresholdsForm(initial={"behind_points": current.behind_points,
                                                   "far_behind_points": current.far_behind_points}),
        "history": selectors.milestones_retired(year=year),
    })


@login_required
@require_POST
def milestone_retire(request, pk: int):
    require_post(request.user, MANAGERS)
    milestone = selectors.milestone_or_404(pk=pk)
    try:
        services.milestone_retire(actor=request.user, milestone=milestone)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("The milestone is withdrawn."))
    return redirect(reverse("progress:milestones") + f"?year={milestone.year}")


@login_required
@require_POST
def thresholds(request):
    require_post(request.user, MANAGERS)
    year = year_of(request)
    form = ThresholdsForm(request.POST)
    if form.is_valid():
        try:
            services.thresholds_set(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The thresholds are saved."))
    else:
        flash_error(request, form)
    return redirect(reverse("progress:milestones") + f"?year={year}")
