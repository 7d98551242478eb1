from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enrollment import selectors as enrollment_selectors
from pension.permissions import has_post, require_post

from .. import selectors, services
from ..models import AwardStatus
from .common import COUNTY, READERS, TOWNSHIP_AND_COUNTY, errors_text, page_of


@login_required
def award_list(request):
    require_post(request.user, READERS)
    township = selectors.township_by_code(user=request.user, code=request.GET.get("township"))
    qs = selectors.award_list(user=request.user, status=request.GET.get("status") or None, township=township)
    return render(request, "benefits/award_list.html", {
        "page": page_of(qs, request), "f": request.GET, "statuses": AwardStatus.choices,
        "townships": selectors.townships_for(user=request.user)})


@login_required
def award_detail(request, pk):
    require_post(request.user, READERS)
    award = selectors.award_get(user=request.user, pk=pk)
    return render(request, "benefits/award_detail.html", {
        "award": award, "can_check": has_post(request.user, COUNTY) and award.maker_id != request.user.pk
        and award.status == AwardStatus.PROPOSED})


@login_required
@require_POST
def award_propose(request):
    require_post(request.user, TOWNSHIP_AND_COUNTY)
    try:
        resident = enrollment_selectors.resident_get(user=request.user, pk=int(request.POST.get("resident", "")))
    except ValueError:
        messages.error(request, _("Choose a resident."))
        return redirect("benefits:due_list")
    try:
        award = services.award_propose(actor=request.user, resident=resident)
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
        return redirect(request.POST.get("next") or "benefits:due_list")
    messages.success(request, _("Award proposed; it waits for the county's check."))
    return redirect("benefits:award_detail", pk=award.pk)


@login_required
@require_POST
def award_check(request, pk):
    require_post(request.user, COUNTY)
    award = selectors.award_get(user=request.user, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.award_approve(actor=request.user, award=award)
            messages.success(request, _("Award approved."))
        else:
            services.award_return(actor=request.user, award=award, reason=request.POST.get("reason", ""))
            messages.success(request, _("Award returned to the township."))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    return redirect("benefits:award_detail", pk=award.pk)
