"""The pass-rate dashboard: certified ÷ due per township (county) or per village (a township), by mode, from the
snapshots the progress job writes; each row links to the roster of who is still to be certified."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.models import AreaLevel
from pension.permissions import has_post, require_post
from pension.scope import get_scoped_or_404, user_level

from .. import selectors, services
from ..apps import COUNTY, READERS
from ..models import Mode


def _rate(certified, due):
    return round(certified * 100 / due, 2) if due else None


@login_required
def dashboard(request):
    require_post(request.user, READERS)
    campaign = selectors.campaign_current()
    township = None
    if request.GET.get("township"):
        from pension.models import Area

        township = get_scoped_or_404(request.user, Area.objects.filter(level=AreaLevel.TOWNSHIP),
                                     pk=request.GET["township"])
    elif user_level(request.user) != "county" and request.user.area:
        township = request.user.area.township
    rows, total = [], {"due": 0, "certified": 0, "by_mode": {}}
    if campaign:
        level = AreaLevel.VILLAGE if township else AreaLevel.TOWNSHIP
        snaps = selectors.pass_snapshots(user=request.user, campaign=campaign, level=level,
                                         township_id=township.pk if township else None)
        for s in snaps:
            rows.append({"area": s.area, "due": s.due, "certified": s.certified, "open": s.due - s.certified,
                         "rate": _rate(s.certified, s.due), "modes": [s.by_mode.get(m, 0) for m in Mode.values],
                         "day": s.day})
            total["due"] += s.due
            total["certified"] += s.certified
        rows.sort(key=lambda r: (r["rate"] is None, -(r["rate"] or 0)))
    total["rate"] = _rate(total["certified"], total["due"])
    return render(request, "certification/dashboard.html", {
        "campaign": campaign, "township": township, "rows": rows, "total": total, "modes": Mode.choices,
        "day": rows[0]["day"] if rows else None, "can_compute": has_post(request.user, COUNTY)})


@login_required
@require_POST
def dashboard_compute(request):
    require_post(request.user, COUNTY)
    n = services.pass_snapshot_compute(actor=request.user)
    messages.success(request, _("Pass rates recomputed (%(n)s areas).") % {"n": n})
    return redirect("certification:dashboard")
