"""Browser pages of the two-person termination: ask on the resident's page, confirm or reject in the county's
queue (or on the resident's page), withdraw by the requester. Views validate and call enrollment/terminations.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.forms import flash_error
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, has_post, require_post

from . import selectors, terminations
from .forms import TerminationRejectForm, TerminationRequestForm


def _back(request, req):
    """Back to where the button was pressed (the queue or the resident's page), never off the site."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("enrollment:resident_detail", pk=req.resident_id)


def _refused(request, exc) -> None:
    if isinstance(exc, ValidationError):
        flash_error(request, exc)
    else:
        messages.error(request, str(exc) or _("You may not do this."))


@login_required
@require_POST
def termination_request(request, pk: int):
    """Ask for the resident's open enrolment to end (pk: the enrolment)."""
    require_post(request.user, REGISTRARS)
    enrollment = selectors.enrollment_get(user=request.user, pk=pk)
    form = TerminationRequestForm(request.POST)
    if not form.is_valid():
        flash_error(request, form)
        return redirect("enrollment:resident_detail", pk=enrollment.resident_id)
    try:
        terminations.termination_request(actor=request.user, enrollment=enrollment, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The termination is requested. It takes effect only when a county business "
                                    "officer other than you confirms it; until then you may withdraw it."))
    return redirect("enrollment:resident_detail", pk=enrollment.resident_id)


@login_required
@require_POST
def termination_confirm(request, pk: int):
    require_post(request.user, COUNTY_BUSINESS)
    req = selectors.termination_get(user=request.user, pk=pk)
    try:
        terminations.termination_confirm(actor=request.user, request=req)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The termination of %(name)s is confirmed and takes effect now.")
                         % {"name": req.resident.name})
    return _back(request, req)


@login_required
@require_POST
def termination_reject(request, pk: int):
    require_post(request.user, COUNTY_BUSINESS)
    req = selectors.termination_get(user=request.user, pk=pk)
    form = TerminationRejectForm(request.POST)
    if not form.is_valid():
        flash_error(request, form)
        return _back(request, req)
    try:
        terminations.termination_reject(actor=request.user, request=req, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The termination of %(name)s is rejected; the enrolment continues.")
                         % {"name": req.resident.name})
    return _back(request, req)


@login_required
@require_POST
def termination_withdraw(request, pk: int):
    require_post(request.user, REGISTRARS)
    req = selectors.termination_get(user=request.user, pk=pk)
    try:
        terminations.termination_withdraw(actor=request.user, request=req)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The termination request is withdrawn; the enrolment continues."))
    return _back(request, req)


@login_required
def termination_queue(request):
    """Terminations awaiting confirmation in the user's area, oldest first (the county confirms here)."""
    require_post(request.user, REGISTRARS)
    waiting = list(selectors.termination_list(user=request.user)[:200])
    return render(request, "enrollment/termination_queue.html", {
        "waiting": waiting,
        "can_check": has_post(request.user, COUNTY_BUSINESS),
    })
