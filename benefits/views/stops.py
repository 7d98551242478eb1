"""The queue of stop, suspension and resumption requests (asked by one person, confirmed or rejected by a
county officer other than the one who asked) and the check itself. The request is made on the recipient's page
(recipients.recipient_change)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.permissions import has_post, require_post

from .. import selectors, services
from ..models import StopRequestAction, StopRequestStatus
from .common import COUNTY, READERS, errors_text, page_of


@login_required
def stop_request_list(request):
    require_post(request.user, READERS)
    township = selectors.township_by_code(user=request.user, code=request.GET.get("township"))
    status = request.GET.get("status", StopRequestStatus.PROPOSED)
    qs = selectors.stop_request_list(user=request.user, status=status or None, township=township)
    return render(request, "benefits/stop_request_list.html", {
        "page": page_of(qs, request), "f": {**request.GET.dict(), "status": status},
        "statuses": StopRequestStatus.choices, "townships": selectors.townships_for(user=request.user),
        "can_check": has_post(request.user, COUNTY)})


@login_required
@require_POST
def stop_request_check(request, pk):
    require_post(request.user, COUNTY)
    req = selectors.stop_request_get(user=request.user, pk=pk)
    try:
        if request.POST.get("decision") == "confirm":
            services.stop_request_confirm(actor=request.user, stop_request=req)
            messages.success(request, {
                StopRequestAction.STOP: _("Confirmed; the pension is stopped."),
                StopRequestAction.SUSPEND: _("Confirmed; the pension is suspended."),
                StopRequestAction.RESUME: _("Confirmed; the next payroll pays the suspended months as arrears."),
            }[req.action])
        else:
            services.stop_request_reject(actor=request.user, stop_request=req, reason=request.POST.get("reason", ""))
            messages.success(request, _("Rejected; nothing changes."))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    target = request.POST.get("next") or ""
    return redirect(target if target.startswith("/benefits/") else "benefits:stop_request_list")
