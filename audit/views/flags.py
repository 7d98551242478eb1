from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.models import Area, AreaLevel
from pension.permissions import has_post, require_post

from .. import flags, selectors, services
from ..models import FlagStatus, Section
from .common import AUDIT_READERS, AUDITORS, run


@login_required
def flag_list(request):
    require_post(request.user, AUDIT_READERS)
    status = request.GET.get("status", FlagStatus.NEW)
    rule = request.GET.get("rule") or None
    qs = selectors.flag_list(status=status if status in FlagStatus.values else None, rule=rule)
    return render(request, "audit/flag_list.html", {
        "flags": qs[:300], "total": qs.count(), "rules": flags.RULES, "available": flags.available_rules(),
        "status": status, "rule": rule, "statuses": FlagStatus.choices, "counts": selectors.flag_counts(),
        "last_run": selectors.last_flag_run(), "can_write": has_post(request.user, AUDITORS),
        "sections": Section.choices, "townships": Area.objects.filter(level=AreaLevel.TOWNSHIP).order_by("code")})


@login_required
@require_POST
def flag_run(request):
    require_post(request.user, AUDITORS)
    run(request, services.flag_run_execute, _("The red-flag rules were run."))
    return redirect("audit:flag_list")


@login_required
@require_POST
def flag_decide(request, pk):
    require_post(request.user, AUDITORS)
    flag = selectors.flag_get(pk=pk)
    if request.POST.get("decision") == "finding":
        township = Area.objects.filter(level=AreaLevel.TOWNSHIP, code=request.POST.get("township", "")).first()
        finding = run(request, services.flag_to_finding, _("The flag was turned into a finding."), flag=flag,
                      title=request.POST.get("title", ""), section=request.POST.get("section", ""),
                      township=township)
        if finding:
            return redirect("audit:finding_detail", pk=finding.pk)
    else:
        run(request, services.flag_dismiss, _("The flag was dismissed."), flag=flag,
            reason=request.POST.get("reason", ""))
    return redirect("audit:flag_list")
