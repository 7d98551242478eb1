from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.excel import xlsx_response
from pension.permissions import has_post, require_post

from .. import selectors, services
from ..models import ELIGIBLE_VERDICTS, Verdict
from .common import READERS, TOWNSHIP_AND_COUNTY, month_param, page_of


@login_required
def due_list(request):
    """The newly-of-age list of a month, per township: verdict, missing years, back payment."""
    require_post(request.user, READERS)
    month = month_param(request.GET.get("month"))
    township = selectors.township_by_code(user=request.user, code=request.GET.get("township"))
    qs = selectors.due_list(user=request.user, month=month, township=township,
                            verdict=request.GET.get("verdict") or None)
    if request.GET.get("export") == "xlsx":
        rows = ([e.township.name, e.village.name, e.resident.name, e.month.year - e.resident.birth_date.year,
                 e.get_verdict_display(), e.years_paid, e.years_required, "、".join(map(str, e.missing_years)),
                 e.back_payment] for e in qs.iterator(chunk_size=2000))
        headers = [_("Township"), _("Village"), _("Name"), _("Age"), _("Verdict"), _("Contribution years"),
                   _("Years required"), _("Missing years"), _("Back payment")]
        return xlsx_response(_("Turning-60 list") + f"-{month:%Y-%m}.xlsx", sheets=[(f"{month:%Y-%m}", headers, rows)],
                             title_rows=[_("Residents turning 60 in %(m)s") % {"m": f"{month:%Y-%m}"}])
    return render(request, "benefits/due_list.html", {
        "page": page_of(qs, request), "month": month, "township": township,
        "townships": selectors.townships_for(user=request.user), "verdicts": Verdict.choices,
        "f": request.GET, "can_build": has_post(request.user, TOWNSHIP_AND_COUNTY),
        "can_propose": has_post(request.user, TOWNSHIP_AND_COUNTY), "eligible": ELIGIBLE_VERDICTS,
    })


@login_required
@require_POST
def due_build(request):
    require_post(request.user, TOWNSHIP_AND_COUNTY)
    month = month_param(request.POST.get("month"))
    township = selectors.township_by_code(user=request.user, code=request.POST.get("township"))
    n = services.due_list_build(actor=request.user, month=month, township=township)
    messages.success(request, _("%(n)s residents listed for %(m)s.") % {"n": n, "m": f"{month:%Y-%m}"})
    query = f"?month={month:%Y-%m}" + (f"&township={township.code}" if township else "")
    return redirect(reverse("benefits:due_list") + query)
