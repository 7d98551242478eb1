"""Public notices: runs and the notices of one run, publish on demand, a notice's page with its objections,
the A4 print (one natural village a page, stamp box), Excel, posting marks and the township's posting report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension import outbox
from pension.excel import xlsx_response
from pension.models import Area, AreaLevel
from pension.permissions import has_post, require_post
from pension.scope import get_scoped_or_404, scoped_areas

from .. import selectors, services
from ..apps import AUDIT_UNIT, COUNTY, READERS, RECORDERS, TOWNSHIP_POSTERS
from ..forms import ObjectionForm, PostedForm, PostingReportForm, ResolutionForm
from ..models import Notice
from ..services.evidence import evidence_path
from .common import error_text

SECTIONS = Notice.Section


def _sections(notice):
    out = []
    for value, label in SECTIONS.choices:
        rows = [r for r in notice.rows if r["section"] == value]
        if rows:
            out.append((label, rows))
    return out


@login_required
def notice_list(request):
    require_post(request.user, READERS)
    runs = selectors.notice_runs()[:20]
    run = selectors.run_get(pk=request.GET["run"]) if request.GET.get("run") else (runs[0] if runs else None)
    township = request.GET.get("township") or None
    qs = selectors.notice_list(user=request.user, run_id=run.pk, township_id=township) if run else Notice.objects.none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "certification/notice_list.html", {
        "runs": runs, "run": run, "page": page, "can_publish": has_post(request.user, COUNTY),
        "townships": scoped_areas(request.user, AreaLevel.TOWNSHIP), "township": township})


@login_required
@require_POST
def notices_publish(request):
    require_post(request.user, COUNTY)
    try:
        run = services.notices_request(actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("certification:notice_list")
    outbox.announce(request, run, _("Notices are being published for %(s)s to %(e)s.")
                    % {"s": run.period_start.isoformat(), "e": run.period_end.isoformat()})
    return redirect(f"{reverse('certification:notice_list')}?run={run.pk}")


@login_required
def notice_detail(request, pk):
    require_post(request.user, READERS)
    notice = selectors.notice_get(user=request.user, pk=pk)
    return render(request, "certification/notice_detail.html", {
        "notice": notice, "sections": _sections(notice), "objections": notice.objections.select_related(
            "about_resident", "recorded_by", "resolved_by"),
        "people": sorted({(r["resident"], r["name"]) for r in notice.rows}, key=lambda p: p[1]),
        "can_object": has_post(request.user, RECORDERS) and timezone.localdate() <= notice.window_ends_on,
        "can_post": has_post(request.user, TOWNSHIP_POSTERS), "today": timezone.localdate()})


@login_required
def notice_print(request, pk):
    require_post(request.user, READERS)
    notice = selectors.notice_get(user=request.user, pk=pk)
    return render(request, "certification/notice_print.html", {"notices": [(notice, _sections(notice))]})


@login_required
def run_print(request, pk):
    """Every notice of a run in the user's scope (or one township), one natural village a page."""
    require_post(request.user, READERS)
    run = selectors.run_get(pk=pk)
    qs = selectors.notice_list(user=request.user, run_id=run.pk, township_id=request.GET.get("township") or None)
    return render(request, "certification/notice_print.html",
                  {"notices": [(n, _sections(n)) for n in qs.order_by("natural_village__code")[:2000]]})


@login_required
def notice_export(request, pk):
    require_post(request.user, READERS)
    notice = selectors.notice_get(user=request.user, pk=pk)
    labels = dict(SECTIONS.choices)
    rows = ([str(labels.get(r["section"], r["section"])), r["name"], r["gender"], r["id"], r["detail"], r["date"]]
            for r in notice.rows)
    title = _("Public notice of %(place)s, %(s)s to %(e)s") % {
        "place": notice.natural_village.full_name, "s": notice.period_start.isoformat(),
        "e": notice.period_end.isoformat()}
    return xlsx_response(_("Public notice") + f"-{notice.pk}.xlsx", title_rows=[title], sheets=[(
        notice.natural_village.name, [_("Section"), _("Name"), _("Gender"), _("ID number"), _("Detail"), _("Date")],
        rows)])


@login_required
@require_POST
def notice_posted(request, pk):
    require_post(request.user, TOWNSHIP_POSTERS)
    notice = selectors.notice_get(user=request.user, pk=pk)
    form = PostedForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"posted_on": _("Enter a real date as YYYY-MM-DD.")})
        services.notice_mark_posted(actor=request.user, notice=notice, posted_on=form.cleaned_data["posted_on"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("certification:notice_detail", pk=notice.pk)


@login_required
@require_POST
def objection_add(request, pk):
    require_post(request.user, RECORDERS)
    notice = selectors.notice_get(user=request.user, pk=pk)
    form = ObjectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(dict(form.errors.items()))
        d = form.cleaned_data
        services.objection_record(actor=request.user, notice=notice, raised_by=d["raised_by"], content=d["content"],
                                  about_resident_id=d.get("about_resident"))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The objection is recorded."))
    return redirect("certification:notice_detail", pk=notice.pk)


@login_required
@require_POST
def objection_resolve(request, pk):
    require_post(request.user, TOWNSHIP_POSTERS)
    objection = selectors.objection_get(user=request.user, pk=pk)
    form = ResolutionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"resolution": _("Enter how the objection was resolved.")})
        services.objection_resolve(actor=request.user, objection=objection,
                                   resolution=form.cleaned_data["resolution"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("certification:notice_detail", pk=objection.notice_id)


@login_required
def posting(request, pk):
    """Per township: notices posted or not (the villages not posted listed), the report and its receipt."""
    require_post(request.user, READERS)
    run = selectors.run_get(pk=pk)
    if request.method == "POST":
        require_post(request.user, TOWNSHIP_POSTERS)
        form = PostingReportForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError({"township": _("Choose the township.")})
            township = get_scoped_or_404(request.user, Area.objects.filter(level=AreaLevel.TOWNSHIP),
                                         pk=form.cleaned_data["township"])
            services.posting_report_submit(actor=request.user, run=run, township=township,
                                           scan=request.FILES.get("scan"), note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The posting report is sent to the county audit unit."))
        return redirect("certification:posting", pk=run.pk)
    return render(request, "certification/posting.html", {
        "run": run, "rows": selectors.posting_status(user=request.user, run=run),
        "can_report": has_post(request.user, TOWNSHIP_POSTERS), "can_receive": has_post(request.user, AUDIT_UNIT)})


@login_required
@require_POST
def posting_receive(request, pk):
    require_post(request.user, AUDIT_UNIT)
    report = selectors.posting_report_get(user=request.user, pk=pk)
    try:
        services.posting_report_receive(actor=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("certification:posting", pk=report.run_id)


@login_required
def posting_scan(request, pk):
    require_post(request.user, READERS)
    report = selectors.posting_report_get(user=request.user, pk=pk)
    try:
        handle = open(evidence_path(report.scan), "rb")
    except (OSError, ValidationError):
        raise Http404
    response = FileResponse(handle, content_type=report.scan.content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "private, no-store"
    return response
