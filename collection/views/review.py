"""The county's second review at volume (issue 11 item 5): the whole queue page by page, filtered by date,
township, village, clerk and name, with the filtered totals; a page approved at once; every action returns to the
same filtered page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.forms import flash_error
from pension.models import AreaLevel
from pension.params import is_ascii_digits
from pension.permissions import COUNTY_BUSINESS, require_post
from pension.scope import scoped_areas

from .. import selectors, services
from ..forms import ReviewFilterForm

FILTERS = ("year", "township", "village", "maker", "date_from", "date_to", "q")


def _filters(params) -> tuple[ReviewFilterForm, dict, str]:
    """The bound form, the selector's keyword arguments, and the query string that keeps the valid filters."""
    form = ReviewFilterForm(params)
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors and v not in (None, "")}
    kwargs = {"year": data.get("year"), "township_code": data.get("township"), "village_id": data.get("village"),
              "maker_id": data.get("maker"), "date_from": data.get("date_from"), "date_to": data.get("date_to"),
              "name": data.get("q")}
    keep = {k: params.get(k) for k in FILTERS if k in data}
    return form, kwargs, urlencode(keep)


@login_required
def review(request):
    require_post(request.user, COUNTY_BUSINESS)
    form, kwargs, query = _filters(request.GET)
    queue = selectors.review_queue(user=request.user, **kwargs)
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    here = reverse("collection:review") + (f"?{query}&page={page.number}" if query else f"?page={page.number}")
    areas = scoped_areas(request.user)
    return render(request, "collection/review.html", {
        "form": form, "page": page, "f": request.GET, "query": query, "here": here,
        "totals": selectors.review_totals(queue), "makers": selectors.review_makers(user=request.user),
        "townships": areas.filter(level=AreaLevel.TOWNSHIP), "villages": areas.filter(level=AreaLevel.VILLAGE),
    })


@login_required
@require_POST
def review_approve_page(request):
    """Approve the entries of the page shown, at once: all of them or none (one service call)."""
    require_post(request.user, COUNTY_BUSINESS)
    _form, _kwargs, query = _filters(QueryDict(request.POST.get("filters", "")))
    back = reverse("collection:review") + (f"?{query}" if query else "")
    ids = [int(x) for x in request.POST.getlist("ids") if is_ascii_digits(x) and len(x) < 18]
    queue = selectors.review_queue(user=request.user).filter(pk__in=ids[:services.MAX_APPROVE_AT_ONCE + 1])
    if len(queue) != len(set(ids)):
        messages.error(request, _("Some of these entries no longer await review (approved or returned meanwhile); "
                                  "nothing was approved. Check the page and approve again."))
        return redirect(back)
    try:
        done = services.contribution_approve_many(actor=request.user, contributions=list(queue))
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("%(n)s contribution(s) approved and credited.") % {"n": len(done)})
    return redirect(back)
