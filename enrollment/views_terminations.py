"""Browser pages of the two-person termination: ask on the resident's page, confirm or reject in the county's
queue (or on the resident's page), withdraw by the requester. Each step is a `pension.step_views.step_view`
over enrollment/terminations.py."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pension.permissions import COUNTY_BUSINESS, REGISTRARS, has_post, require_post
from pension.step_views import step_view

from . import selectors, terminations
from .forms import TerminationRejectForm, TerminationRequestForm


def _resident_page(obj) -> str:
    return reverse("enrollment:resident_detail", args=[obj.resident_id])


# Ask for the resident's open enrolment to end (pk: the enrolment).
termination_request = step_view(
    posts=REGISTRARS, get=selectors.enrollment_get, form_class=TerminationRequestForm, back=_resident_page,
    run=lambda actor, enrollment, **data: terminations.termination_request(actor=actor, enrollment=enrollment,
                                                                            **data),
    done=lambda enrollment: _("The termination is requested. It takes effect only when a county business "
                              "officer other than you confirms it; until then you may withdraw it."))

termination_confirm = step_view(
    posts=COUNTY_BUSINESS, get=selectors.termination_get, back=_resident_page,
    run=lambda actor, req: terminations.termination_confirm(actor=actor, request=req),
    done=lambda req: _("The termination of %(name)s is confirmed and takes effect now.")
    % {"name": req.resident.name})

termination_reject = step_view(
    posts=COUNTY_BUSINESS, get=selectors.termination_get, form_class=TerminationRejectForm, back=_resident_page,
    run=lambda actor, req, reason: terminations.termination_reject(actor=actor, request=req, reason=reason),
    done=lambda req: _("The termination of %(name)s is rejected; the enrolment continues.")
    % {"name": req.resident.name})

termination_withdraw = step_view(
    posts=REGISTRARS, get=selectors.termination_get, back=_resident_page,
    run=lambda actor, req: terminations.termination_withdraw(actor=actor, request=req),
    done=lambda req: _("The termination request is withdrawn; the enrolment continues."))


@login_required
def termination_queue(request):
    """Terminations awaiting confirmation in the user's area, oldest first (the county confirms here)."""
    require_post(request.user, REGISTRARS)
    waiting = list(selectors.termination_list(user=request.user)[:200])
    return render(request, "enrollment/termination_queue.html", {
        "waiting": waiting,
        "can_check": has_post(request.user, COUNTY_BUSINESS),
    })


@login_required
def termination_evidence_file(request, pk):
    """A request's evidence file, only to the posts that see terminations and only in their area (404 otherwise, and
    404 when the file is missing). Sent so that even a file that slipped through could run nothing in our origin."""
    require_post(request.user, REGISTRARS)
    req = selectors.termination_get(user=request.user, pk=pk)
    if not req.evidence_file:
        raise Http404
    try:
        handle = open(terminations.evidence_file_path(req), "rb")
    except (OSError, ValidationError):
        raise Http404 from None
    response = FileResponse(handle, content_type=req.evidence_file_type)
    name = quote(_("Termination evidence"))
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}-{req.pk}"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
