"""Key-data change requests: the request with its evidence, the township's check, the county's check, the
leader's sign-off (which applies it)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.permissions import REGISTRARS, has_post, require_post

from .. import selectors, services
from ..apps import KEY_DATA_POSTS
from ..models import KeyDataStatus
from .common import run

FIELDS = [("name", _("Name")), ("id_number", _("ID number")), ("birth_date", _("Birth date")),
          ("first_month", _("First enrolment month"))]


@login_required
def keydata_list(request):
    require_post(request.user, KEY_DATA_POSTS)
    status = request.GET.get("status") or None
    qs = selectors.keydata_list(user=request.user, status=status if status in KeyDataStatus.values else None)
    return render(request, "audit/keydata_list.html", {
        "requests": qs[:300], "statuses": KeyDataStatus.choices, "status": status,
        "can_request": has_post(request.user, REGISTRARS)})


@login_required
def keydata_new(request):
    require_post(request.user, REGISTRARS)
    resident_id = request.GET.get("resident") or request.POST.get("resident")
    if request.method == "POST":
        try:
            rid = int(resident_id)
        except (TypeError, ValueError):
            raise Http404
        changes = {f: request.POST.get(f, "").strip() for f, _label in FIELDS}
        req = run(request, services.keydata_request, _("The request was submitted; the township checks it next."),
                  resident_id=rid, changes=changes, reason=request.POST.get("reason", ""),
                  evidence=request.FILES.get("evidence"))
        if req:
            return redirect("audit:keydata_detail", pk=req.pk)
    return render(request, "audit/keydata_new.html", {"resident_id": resident_id or "", "fields": FIELDS,
                                                       "post": request.POST})


@login_required
def keydata_detail(request, pk):
    require_post(request.user, KEY_DATA_POSTS)
    req = selectors.keydata_get(user=request.user, pk=pk)
    step = {"submitted": "township_clerk", "township_checked": "county_officer", "county_checked": "leader"}
    return render(request, "audit/keydata_detail.html", {
        "r": req, "labels": dict(FIELDS),
        "can_decide": step.get(req.status) == request.user.post and req.requested_by_id != request.user.pk})


@login_required
@require_POST
def keydata_action(request, pk, action):
    require_post(request.user, KEY_DATA_POSTS)
    req = selectors.keydata_get(user=request.user, pk=pk)
    if action == "approve":
        fn = {"submitted": services.keydata_township_check, "township_checked": services.keydata_county_check,
              "county_checked": services.keydata_sign}.get(req.status)
        if fn is None:
            raise Http404
        run(request, fn, _("Recorded."), request=req)
    elif action == "reject":
        run(request, services.keydata_reject, _("The request was rejected."), request=req,
            reason=request.POST.get("reason", ""))
    else:
        raise Http404
    return redirect("audit:keydata_detail", pk=req.pk)
