"""Data comparison: upload a list (county), see the import and its error workbook, decide the cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.excel import xlsx_response
from pension.permissions import has_post, require_post
from pension.scope import get_scoped_or_404, scope_queryset

from .. import selectors, services
from ..apps import COUNTY, READERS
from ..forms import DecisionForm
from ..models import ComparisonImport, ComparisonKind, MatchStatus
from ..services.comparison import DATE_HEADERS
from .common import error_text


@login_required
def comparison_list(request):
    require_post(request.user, READERS)
    if request.method == "POST":
        require_post(request.user, COUNTY)
        try:
            record = services.comparison_import(actor=request.user, kind=request.POST.get("kind", ""),
                                                upload=request.FILES.get("file"),
                                                source_name=request.POST.get("source_name", ""))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("certification:comparison_list")
        return redirect("certification:comparison_detail", pk=record.pk)
    status = request.GET.get("status", MatchStatus.OPEN)
    return render(request, "certification/comparison_list.html", {
        "imports": scope_queryset(request.user, ComparisonImport.objects.select_related("created_by"))[:20],
        "cases": selectors.match_list(user=request.user, status=status or None)[:200], "status": status,
        "statuses": MatchStatus.choices, "kinds": ComparisonKind.choices, "can_import": has_post(request.user, COUNTY),
        "can_decide": has_post(request.user, COUNTY)})


def _import(request, pk) -> ComparisonImport:
    return get_scoped_or_404(request.user, ComparisonImport.objects.select_related("created_by"), pk=pk)


@login_required
def comparison_detail(request, pk):
    require_post(request.user, READERS)
    record = _import(request, pk)
    return render(request, "certification/comparison_detail.html", {
        "record": record, "cases": selectors.match_list(user=request.user).filter(source_import=record)[:500]})


@login_required
def comparison_errors(request, pk):
    require_post(request.user, READERS)
    record = _import(request, pk)
    if record.status != ComparisonImport.Status.REJECTED:
        raise Http404
    rows = ([r["row"], r["name"], r["id"], r["date"], "；".join(r["errors"])] for r in record.error_rows)
    return xlsx_response(_("Comparison import errors") + f"-{record.pk}.xlsx", title_rows=[
        _("Nothing was imported: correct these rows and upload the whole file again.")], sheets=[(
            _("Errors"), [_("Row"), _("Name"), _("ID number"), _("Date"), _("Errors")], rows)])


@login_required
def comparison_template(request, kind):
    require_post(request.user, READERS)
    if kind not in ComparisonKind.values:
        raise Http404
    label = str(ComparisonKind(kind).label)
    return xlsx_response(_("Comparison template") + f"-{label}.xlsx", sheets=[(label, [
        "身份证号码", "姓名", DATE_HEADERS[kind][0]], [])])


@login_required
@require_POST
def match_decide(request, pk):
    require_post(request.user, COUNTY)
    case = selectors.match_get(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"decision": _("Choose stop or dismiss.")})
        services.match_decide(actor=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The case is decided."))
    return redirect(request.POST.get("next") or "certification:comparison_list")
