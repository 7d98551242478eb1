from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.permissions import has_post, require_post

from .. import selectors, services
from ..bankfile import read_returns
from ..exports import bank_file_response
from ..models import LineStatus, PayrollStatus
from ..months import parse_month
from .common import COUNTY, PAYROLL_APPROVERS, PAYROLL_READERS, errors_text, page_of


@login_required
def payroll_list(request):
    require_post(request.user, PAYROLL_READERS)
    if request.method == "POST":
        require_post(request.user, COUNTY)
        month = parse_month(request.POST.get("month", ""))
        try:
            if month is None:
                raise ValidationError({"month": _("Enter the month as YYYY-MM.")})
            payroll = services.payroll_generate(actor=request.user, month=month)
        except ValidationError as exc:
            messages.error(request, errors_text(exc))
        else:
            messages.success(request, _("Payroll of %(m)s: %(n)s lines.") % {"m": f"{payroll.month:%Y-%m}",
                                                                             "n": payroll.lines_count})
            return redirect("benefits:payroll_detail", pk=payroll.pk)
    return render(request, "benefits/payroll_list.html", {
        "page": page_of(selectors.payroll_list(user=request.user), request),
        "can_generate": has_post(request.user, COUNTY)})


@login_required
def payroll_detail(request, pk):
    require_post(request.user, PAYROLL_READERS)
    payroll = selectors.payroll_get(user=request.user, pk=pk)
    status = request.GET.get("status") or None
    lines = selectors.payroll_lines(user=request.user, payroll=payroll, status=status,
                                    flagged=request.GET.get("flagged") == "1")
    return render(request, "benefits/payroll_detail.html", {
        "payroll": payroll, "totals": selectors.payroll_totals(payroll=payroll), "page": page_of(lines, request),
        "f": request.GET, "line_statuses": LineStatus.choices,
        "held": selectors.held_rows(payroll.held) if payroll.held else None,
        "can_approve": has_post(request.user, PAYROLL_APPROVERS) and payroll.maker_id != request.user.pk
        and payroll.status == PayrollStatus.GENERATED,
        "can_returns": has_post(request.user, PAYROLL_APPROVERS) and payroll.status != PayrollStatus.GENERATED,
        "can_second": has_post(request.user, COUNTY) and payroll.batch == 1 and totals_failed(payroll)})


def totals_failed(payroll) -> bool:
    return payroll.lines.filter(status=LineStatus.FAILED).exists()


@login_required
@require_POST
def payroll_approve(request, pk):
    require_post(request.user, PAYROLL_APPROVERS)
    payroll = selectors.payroll_get(user=request.user, pk=pk)
    try:
        services.payroll_approve(actor=request.user, payroll=payroll)
        messages.success(request, _("Payroll approved; download the bank file."))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    return redirect("benefits:payroll_detail", pk=pk)


@login_required
def payroll_bank_file(request, pk):
    require_post(request.user, PAYROLL_READERS)
    payroll = selectors.payroll_get(user=request.user, pk=pk)
    return bank_file_response(payroll, "csv" if request.GET.get("file_format") == "csv" else "xlsx")


@login_required
@require_POST
def payroll_returns(request, pk):
    require_post(request.user, PAYROLL_APPROVERS)
    payroll = selectors.payroll_get(user=request.user, pk=pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError({"file": _("Choose the bank's return file.")})
        summary = services.payroll_returns_record(actor=request.user, payroll=payroll, results=read_returns(upload))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Returns recorded: %(paid)s paid, %(failed)s failed.") % summary)
    return redirect("benefits:payroll_detail", pk=pk)


@login_required
@require_POST
def payroll_second_batch(request, pk):
    require_post(request.user, COUNTY)
    payroll = selectors.payroll_get(user=request.user, pk=pk)
    try:
        second = services.payroll_second_batch(actor=request.user, payroll=payroll,
                                               line_ids=request.POST.getlist("line"))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
        return redirect("benefits:payroll_detail", pk=pk)
    messages.success(request, _("Second batch created."))
    return redirect("benefits:payroll_detail", pk=second.pk)
