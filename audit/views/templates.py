"""The checklist templates (focus areas and check items), edited by auditors; plans keep their own copy."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pension.permissions import require_post

from .. import sampling, selectors, services
from ..models import CheckItem, FocusArea
from .common import AUDITORS, run


@login_required
def template_list(request):
    require_post(request.user, AUDITORS)
    if request.method == "POST":
        p = request.POST
        if p.get("kind") == "area":
            run(request, services.focus_area_save, _("Saved."), number=p.get("number", ""),
                title=p.get("title", ""), text=p.get("text", ""))
        elif p.get("kind") == "item":
            area = selectors.get_object(FocusArea.objects.filter(retired_at__isnull=True), p.get("area"))
            item = None
            if p.get("item"):
                item = selectors.get_object(CheckItem.objects.filter(retired_at__isnull=True, focus_area=area),
                                            p.get("item"))
            run(request, services.check_item_save, _("Saved."), focus_area=area, item=item, text=p.get("text", ""),
                retire=p.get("retire") == "1")
        return redirect("audit:template_list")
    kinds = sampling.available_kinds()
    # The kinds' Chinese labels, not their codes (issue 11: no English on a page).
    areas = [(fa, [str(kinds[k].label) if k in kinds else k for k in sampling.kinds_for_area(fa.number)])
             for fa in selectors.templates()]
    return render(request, "audit/template_list.html", {"areas": areas, "kinds": kinds})
