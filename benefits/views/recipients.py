import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.excel import xlsx_response
from pension.permissions import has_post, require_post

from .. import selectors, services
from ..models import RecipientStatus, StopRequestAction
from ..months import month_label
from .common import COUNTY, PAYROLL_APPROVERS, READERS, TOWNSHIP_AND_COUNTY, errors_text, page_of


@login_required
def recipient_list(request):
    require_post(request.user, READERS)
    township = selectors.township_by_code(user=request.user, code=request.GET.get("township"))
    qs = selectors.recipient_list(user=request.user, township=township, status=request.GET.get("status") or None,
                                  q=request.GET.get("q") or None)
    return render(request, "benefits/recipient_list.html", {
        "page": page_of(qs, request), "f": request.GET, "statuses": RecipientStatus.choices,
        "townships": selectors.townships_for(user=request.user)})


@login_required
def recipient_for_resident(request, resident_id):
    """The resident page links here: the resident's pension page, or 404."""
    require_post(request.user, READERS)
    recipient = selectors.recipient_for_resident(user=request.user, resident_id=resident_id)
    if recipient is None:
        raise Http404
    return redirect("benefits:recipient_detail", pk=recipient.pk)


def _age(birth: datetime.date) -> int:
    today = datetime.date.today()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@login_required
def recipient_detail(request, pk):
    """The recipient's page and statement: award, every month paid, arrears, suspensions, overpayments and
    recoveries, the account drawn down. ?export=xlsx for Excel; the page prints as the statement."""
    require_post(request.user, READERS)
    recipient = selectors.recipient_get(user=request.user, pk=pk)
    st = selectors.recipient_statement(user=request.user, recipient=recipient)
    if request.GET.get("export") == "xlsx":
        headers = [_("Payroll"), _("From month"), _("To month"), _("Months"), _("Basic pension"),
                   _("From the account"), _("From the fund"), _("Arrears"), _("Amount"), _("Status")]
        rows = [[f"{x.payroll.month:%Y-%m}#{x.payroll.batch}", month_label(x.first_month), month_label(x.last_month),
                 x.months, x.basic_national + x.basic_provincial + x.basic_county + x.extra, x.account_part,
                 x.fund_part, x.arrears, x.amount, x.get_status_display()] for x in st.lines]
        over = [[o.get_kind_display(), month_label(o.first_month), month_label(o.last_month), o.amount,
                 o.recovered, o.outstanding] for o in st.overpayments]
        return xlsx_response(_("Pension statement") + f"-{recipient.pk}.xlsx", sheets=[
            (_("Payments"), headers, rows),
            (_("Overpayments"), [_("Kind"), _("First month"), _("Last month"), _("Amount"), _("Recovered"),
                                  _("Outstanding")], over)],
            title_rows=[f"{recipient.resident.name} · {recipient.village.name}"])
    can_change = has_post(request.user, TOWNSHIP_AND_COUNTY) and recipient.status != RecipientStatus.STOPPED
    waiting = selectors.stop_request_open(user=request.user, recipient=recipient)
    return render(request, "benefits/recipient_detail.html", {
        "r": recipient, "st": st, "age": _age(recipient.resident.birth_date), "can_change": can_change,
        "can_recover": has_post(request.user, PAYROLL_APPROVERS), "waiting": waiting,
        "stop_waiting": any(w.action == StopRequestAction.STOP for w in waiting),
        "suspension_waiting": any(w.action != StopRequestAction.STOP for w in waiting),
        "can_confirm": has_post(request.user, COUNTY)})


@login_required
@require_POST
def recipient_change(request, pk):
    require_post(request.user, TOWNSHIP_AND_COUNTY)
    recipient = selectors.recipient_get(user=request.user, pk=pk)
    action, reason = request.POST.get("action"), request.POST.get("reason", "")
    try:
        if action in (StopRequestAction.SUSPEND, StopRequestAction.RESUME):
            services.suspension_request_propose(actor=request.user, recipient=recipient, action=action,
                                                reason=reason)
            messages.success(request, _("Request submitted; nothing changes until another county officer confirms "
                                        "it."))
            return redirect("benefits:recipient_detail", pk=pk)
        elif action in ("death", "double_receipt"):
            try:
                day = datetime.date.fromisoformat(request.POST.get("date", ""))
            except ValueError:
                raise ValidationError({"date": _("Enter the date as YYYY-MM-DD.")})
            services.stop_request_propose(actor=request.user, recipient=recipient, kind=action, date=day,
                                          reason=reason)
            messages.success(request, _("Stop request submitted; the pension is paid until another county "
                                        "officer confirms it."))
            return redirect("benefits:recipient_detail", pk=pk)
        else:
            raise ValidationError({"action": _("Choose what to do.")})
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("benefits:recipient_detail", pk=pk)


@login_required
def overpayment_list(request):
    require_post(request.user, READERS)
    township = selectors.township_by_code(user=request.user, code=request.GET.get("township"))
    qs = selectors.overpayment_list(user=request.user, township=township, open_only=request.GET.get("open") == "1")
    return render(request, "benefits/overpayment_list.html", {
        "page": page_of(qs.order_by("-created_at", "-id"), request), "f": request.GET,
        "townships": selectors.townships_for(user=request.user),
        "can_recover": has_post(request.user, PAYROLL_APPROVERS)})


@login_required
@require_POST
def recovery_add(request, pk):
    require_post(request.user, PAYROLL_APPROVERS)
    overpayment = selectors.overpayment_get(user=request.user, pk=pk)
    try:
        services.recovery_record(actor=request.user, overpayment=overpayment, method=request.POST.get("method", ""),
                                 amount=request.POST.get("amount", ""), note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Recovery recorded; it counts once another person confirms it."))
    return redirect(_next(request))


def _next(request):
    target = request.POST.get("next") or ""
    return target if target.startswith("/benefits/") else "benefits:overpayment_list"


@login_required
@require_POST
def recovery_check(request, pk):
    require_post(request.user, PAYROLL_APPROVERS)
    recovery = selectors.recovery_get(user=request.user, pk=pk)
    try:
        if request.POST.get("decision") == "confirm":
            services.recovery_confirm(actor=request.user, recovery=recovery)
        else:
            services.recovery_reject(actor=request.user, recovery=recovery, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect(_next(request))


@login_required
@require_POST
def recovery_reverse(request, pk):
    require_post(request.user, PAYROLL_APPROVERS)
    recovery = selectors.recovery_get(user=request.user, pk=pk)
    try:
        services.recovery_reverse(actor=request.user, recovery=recovery, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Reversal recorded; what is owed goes back up once another person confirms "
                                    "it."))
    return redirect(_next(request))


@login_required
@require_POST
def settlement_approve(request, pk):
    require_post(request.user, PAYROLL_APPROVERS)
    settlement = selectors.settlement_get(user=request.user, pk=pk)
    try:
        services.settlement_approve(actor=request.user, settlement=settlement)
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Settlement approved; the account is closed."))
    return redirect("benefits:recipient_detail", pk=settlement.recipient_id)


@login_required
@require_POST
def settlement_payee(request, pk):
    require_post(request.user, PAYROLL_APPROVERS)
    settlement = selectors.settlement_get(user=request.user, pk=pk)
    try:
        services.settlement_payee(actor=request.user, settlement=settlement,
                                  payee_name=request.POST.get("payee_name", "").strip(),
                                  payee_account=request.POST.get("payee_account", "").strip())
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Payee recorded."))
    return redirect("benefits:recipient_detail", pk=settlement.recipient_id)
