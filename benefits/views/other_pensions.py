import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enrollment import selectors as enrollment_selectors
from pension import idnumber
from pension.permissions import has_post, require_post

from .. import selectors, services
from ..models import OtherPensionKind, OtherPensionStatus
from .common import COUNTY, READERS, TOWNSHIP_AND_COUNTY, errors_text, page_of


@login_required
def other_pension_list(request):
    """Other state pensions on file, with the report form (the resident by ID number, in the POST body)."""
    require_post(request.user, READERS)
    if request.method == "POST":
        require_post(request.user, TOWNSHIP_AND_COUNTY)
        try:
            _report(request)
        except ValidationError as exc:
            messages.error(request, errors_text(exc))
        else:
            messages.success(request, _("Reported; a county officer checks it. Until then no award and no payroll "
                                        "pays this resident."))
            return redirect("benefits:other_pension_list")
    township = selectors.township_by_code(user=request.user, code=request.GET.get("township"))
    qs = selectors.other_pension_list(user=request.user, status=request.GET.get("status") or None, township=township)
    return render(request, "benefits/other_pension_list.html", {
        "page": page_of(qs, request), "f": request.GET, "statuses": OtherPensionStatus.choices,
        "kinds": OtherPensionKind.choices, "townships": selectors.townships_for(user=request.user),
        "can_report": has_post(request.user, TOWNSHIP_AND_COUNTY), "can_check": has_post(request.user, COUNTY)})


def _report(request):
    try:
        number = idnumber.parse(request.POST.get("id_number", "")).number
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages})
    resident = enrollment_selectors.resident_find_by_id_number(user=request.user, id_number=number)
    if resident is None:
        raise ValidationError({"id_number": _("No resident of your area has this ID number.")})
    try:
        started = datetime.date.fromisoformat(request.POST.get("started_on", ""))
    except ValueError:
        raise ValidationError({"started_on": _("Enter the date as YYYY-MM-DD.")})
    services.other_pension_report(actor=request.user, resident_id=resident.pk, kind=request.POST.get("kind", ""),
                                  started_on=started, note=request.POST.get("note", ""))


@login_required
@require_POST
def other_pension_check(request, pk):
    require_post(request.user, COUNTY)
    row = selectors.other_pension_get(user=request.user, pk=pk)
    try:
        if request.POST.get("decision") == "confirm":
            services.other_pension_confirm(actor=request.user, other_pension=row)
            messages.success(request, _("Confirmed; this pension is stopped for double receipt."))
        else:
            services.other_pension_reject(actor=request.user, other_pension=row,
                                          reason=request.POST.get("reason", ""))
            messages.success(request, _("Rejected; held payments resume with the next payroll."))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    return redirect("benefits:other_pension_list")
