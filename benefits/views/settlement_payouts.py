"""Settlement payment batches in the browser: the payroll pages' shape over the settlement payout services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.permissions import has_post, require_post

from .. import selectors, services
from ..bankfile import read_returns
from ..exports import payout_file_response
from ..models import LineStatus, PayrollStatus
from .common import COUNTY, PAYROLL_APPROVERS, PAYROLL_READERS, errors_text, page_of


@login_required
def settlement_payout_list(request):
    require_post(request.user, PAYROLL_READERS)
    if request.method == "POST":
        require_post(request.user, COUNTY)
        try:
            payout = services.settlement_payout_generate(actor=request.user)
        except ValidationError as exc:
            messages.error(request, errors_text(exc))
        else:
            messages.success(request, _("Settlement payment batch: %(n)s lines.") % {"n": payout.lines_count})
            return redirect("benefits:settlement_payout_detail", pk=payout.pk)
    return render(request, "benefits/settlement_payout_list.html", {
        "page": page_of(selectors.settlement_payout_list(user=request.user), request),
        "can_generate": has_post(request.user, COUNTY)})


@login_required
def settlement_payout_detail(request, pk):
    require_post(request.user, PAYROLL_READERS)
    payout = selectors.settlement_payout_get(user=request.user, pk=pk)
    lines = payout.lines.select_related("settlement__recipient__resident", "retried_by").order_by("pk")
    waiting = payout.status == PayrollStatus.GENERATED
    approver = has_post(request.user, PAYROLL_APPROVERS)
    return render(request, "benefits/settlement_payout_detail.html", {
        "payout": payout, "page": page_of(lines, request),
        "can_approve": approver and waiting and payout.maker_id != request.user.pk,
        "maker_waits": approver and waiting and payout.maker_id == request.user.pk,
        "can_returns": approver and not waiting,
        "can_repeat": has_post(request.user, COUNTY) and payout.lines.filter(status=LineStatus.FAILED).exists()})


@login_required
@require_POST
def settlement_payout_approve(request, pk):
    require_post(request.user, PAYROLL_APPROVERS)
    payout = selectors.settlement_payout_get(user=request.user, pk=pk)
    try:
        services.settlement_payout_approve(actor=request.user, payout=payout)
        messages.success(request, _("Batch approved; download the bank file."))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    return redirect("benefits:settlement_payout_detail", pk=pk)


@login_required
def settlement_payout_bank_file(request, pk):
    require_post(request.user, PAYROLL_READERS)
    payout = selectors.settlement_payout_get(user=request.user, pk=pk)
    return payout_file_response(payout, "csv" if request.GET.get("file_format") == "csv" else "xlsx")


@login_required
@require_POST
def settlement_payout_returns(request, pk):
    require_post(request.user, PAYROLL_APPROVERS)
    payout = selectors.settlement_payout_get(user=request.user, pk=pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError({"file": _("Choose the bank's return file.")})
        summary = services.settlement_payout_returns_record(actor=request.user, payout=payout,
                                                            results=read_returns(upload))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Returns recorded: %(paid)s paid, %(failed)s failed.") % summary)
    return redirect("benefits:settlement_payout_detail", pk=pk)


@login_required
@require_POST
def settlement_payout_repeat(request, pk):
    require_post(request.user, COUNTY)
    selectors.settlement_payout_get(user=request.user, pk=pk)
    try:
        repeat = services.settlement_payout_repeat(actor=request.user, line_ids=request.POST.getlist("line"))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
        return redirect("benefits:settlement_payout_detail", pk=pk)
    messages.success(request, _("Repeat batch created."))
    return redirect("benefits:settlement_payout_detail", pk=repeat.pk)
