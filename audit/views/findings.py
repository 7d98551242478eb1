"""Findings: list (auditors and the leader see all; a section sees those sent to it), raise, and the workflow."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.models import Area, AreaLevel
from pension.permissions import has_post, require_post

from .. import selectors, services
from ..apps import SECTION_POSTS
from ..models import FindingStatus, Section
from ..services.findings import can_respond, is_audit_head
from .common import AUDIT_READERS, AUDITORS, parse_date, run

FINDING_READERS = AUDIT_READERS | SECTION_POSTS


@login_required
def finding_list(request):
    require_post(request.user, FINDING_READERS)
    status = request.GET.get("status") or None
    qs = selectors.finding_list(user=request.user, status=status if status in FindingStatus.values else None)
    return render(request, "audit/finding_list.html", {
        "findings": qs[:500], "statuses": FindingStatus.choices, "status": status,
        "overdue": set(selectors.findings_overdue(user=request.user).values_list("id", flat=True))})


@login_required
def finding_new(request):
    require_post(request.user, AUDITORS)
    sample = None
    if request.GET.get("plan") and request.GET.get("sample"):
        plan = selectors.plan_get(pk=request.GET["plan"])
        sample = selectors.sample_get(plan=plan, pk=request.GET["sample"])
    if request.method == "POST":
        township = None
        if request.POST.get("township"):
            township = Area.objects.filter(level=AreaLevel.TOWNSHIP, code=request.POST["township"]).first()
        finding = run(request, services.finding_raise, _("The finding was raised; the audit head signs next."),
                      title=request.POST.get("title", ""), description=request.POST.get("description", ""),
                      section=request.POST.get("section", ""), township=township, sample=sample)
        if finding:
            return redirect("audit:finding_detail", pk=finding.pk)
    return render(request, "audit/finding_new.html", {
        "sample": sample, "sections": Section.choices, "post": request.POST,
        "townships": Area.objects.filter(level=AreaLevel.TOWNSHIP).order_by("code")})


@login_required
def finding_detail(request, pk):
    require_post(request.user, FINDING_READERS)
    finding = selectors.finding_get(user=request.user, pk=pk)
    user = request.user
    return render(request, "audit/finding_detail.html", {
        "f": finding, "today": timezone.localdate(),
        "can_sign_head": finding.status == "raised" and is_audit_head(user) and finding.raised_by_id != user.pk,
        "can_sign_leader": finding.status == "head_signed" and has_post(user, {"leader"}),
        "can_respond": finding.status in ("sent", "rectifying") and can_respond(user, finding),
        "can_close": finding.status in ("explained", "evidence") and has_post(user, AUDITORS),
    })


ACTIONS = {
    "sign_head": (services.finding_sign_head, _("Signed as audit head.")),
    "sign_leader": (services.finding_sign_leader, _("Signed; the finding was sent to the section.")),
    "explain": (services.finding_explain, _("The explanation was submitted.")),
    "rectify": (services.finding_plan_rectification, _("The rectification plan was submitted.")),
    "evidence": (services.finding_submit_evidence, _("The completion evidence was submitted.")),
    "accept": (services.finding_accept, _("The finding is closed.")),
    "reject": (services.finding_reject_response, _("The answer was sent back.")),
}


@login_required
@require_POST
def finding_action(request, pk, action):
    require_post(request.user, FINDING_READERS)
    finding = selectors.finding_get(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    fn, message = ACTIONS[action]
    p = request.POST
    kwargs = {
        "explain": {"explanation": p.get("explanation", "")},
        "rectify": {"plan": p.get("plan", ""), "deadline": parse_date(p.get("deadline"))},
        "evidence": {"upload": request.FILES.get("evidence"), "note": p.get("note", "")},
        "accept": {"note": p.get("note", "")},
        "reject": {"reason": p.get("reason", "")},
    }.get(action, {})
    run(request, fn, message, finding=finding, **kwargs)
    return redirect("audit:finding_detail", pk=finding.pk)
