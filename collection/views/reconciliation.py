"""Daily reconciliation (日清) and month-end closing (月结) pages: cash collected against deposit vouchers, the
day's sign-off and its two-person reopening. Their addresses stay under /funds/ (pension/urls.py); the reads are in
collection.reconciliation and funds.selectors."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funds import selectors as funds_selectors
from funds import services as funds_services
from funds.permissions import DAY_REOPEN_CONFIRMERS, DAY_SIGNERS, MONEY_READERS
from pension.errors import Conflict
from pension.excel import xlsx_response
from pension.forms import flash_error
from pension.params import date_param, month_or_this_month
from pension.permissions import has_post, require_post
from pension.step_views import step_view

from .. import reconciliation as recon
from ..forms import ReopenAskForm, ReopenRejectForm
from ..services import reconciliation_sign_off


@login_required
def reconciliation(request):
    require_post(request.user, MONEY_READERS)
    townships = funds_selectors.townships_for(user=request.user)
    today = timezone.localdate()
    day = date_param(request.GET, "date", default=today, label=_("Date"))
    code = request.GET.get("township")
    if code:
        township = funds_selectors.township_for(user=request.user, code=code)
    else:
        township = townships.first()
    if township is None:
        raise Http404
    result = recon.reconciliation_day(user=request.user, township=township, date=day)
    first = day.replace(day=1)
    month_end = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    differences = recon.reconciliation_differences(user=request.user, date_from=first, date_to=month_end)
    history = funds_selectors.day_signoff_history(user=request.user, township=township, day=day)
    signoff = next((s for s in history if s.reopened_at is None), None)
    open_request = next((r for r in (signoff.reopen_list if signoff else []) if r.status == "requested"), None)
    return render(request, "collection/reconciliation.html", {
        "r": result, "townships": townships, "township": township, "day": day, "differences": differences,
        "month": first, "signoff": signoff, "open_request": open_request,
        "reopened": [s for s in history if s.reopened_at is not None],
        "can_sign": has_post(request.user, DAY_SIGNERS) and day <= today,
        "can_ask_reopen": has_post(request.user, DAY_SIGNERS),
        "can_decide": has_post(request.user, DAY_REOPEN_CONFIRMERS),
    })


@login_required
@require_POST
def sign_off(request):
    """County finance signs off the day shown (a balanced day only); the page shows who and when."""
    require_post(request.user, DAY_SIGNERS)
    township = funds_selectors.township_for(user=request.user, code=request.POST.get("township", ""))
    back = reverse("reconciliation:reconciliation") + f"?township={township.code}"
    try:
        day = date_param(request.POST, "date", label=_("Date"))
        if day is None:
            raise ValidationError({"date": _("Choose the day to sign off.")})
        signoff = reconciliation_sign_off(actor=request.user, township=township, date=day)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(back)
    messages.success(request, _("%(date)s of %(township)s is signed off; that day is now locked.")
                     % {"date": signoff.date.isoformat(), "township": township.name})
    return redirect(back + f"&date={signoff.date.isoformat()}")


def _day_page(req) -> str:
    return (reverse("reconciliation:reconciliation")
            + f"?township={req.signoff.township.code}&date={req.signoff.date.isoformat()}")


@login_required
@require_POST
def reopen_request(request):
    """County finance asks to reopen the signed-off day shown, with a reason; a second county officer confirms."""
    require_post(request.user, DAY_SIGNERS)
    township = funds_selectors.township_for(user=request.user, code=request.POST.get("township", ""))
    back = reverse("reconciliation:reconciliation") + f"?township={township.code}"
    try:
        day = date_param(request.POST, "date", label=_("Date"))
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(back)
    if day is None:
        return redirect(back)
    back += f"&date={day.isoformat()}"
    form = ReopenAskForm(request.POST)
    if not form.is_valid():
        flash_error(request, form)
        return redirect(back)
    try:
        signoff = funds_selectors.day_signoff(user=request.user, township=township, day=day)
        if signoff is None:
            raise Conflict({"date": _("This day is not signed off; there is nothing to reopen.")})
        funds_services.day_reopen_request(actor=request.user, signoff=signoff, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(back)
    messages.success(request, _("Reopening %(date)s of %(township)s is requested. The day stays locked until another "
                                "county officer confirms.") % {"date": day.isoformat(), "township": township.name})
    return redirect(back)


@login_required
def reopen_queue(request):
    """Requests to reopen a signed-off day awaiting confirmation (the confirming officer's to-do)."""
    require_post(request.user, MONEY_READERS)
    return render(request, "collection/reopen_queue.html", {
        "requests": funds_selectors.reopen_request_list(user=request.user),
        "can_decide": has_post(request.user, DAY_REOPEN_CONFIRMERS),
    })


reopen_confirm = step_view(
    posts=DAY_REOPEN_CONFIRMERS, get=funds_selectors.reopen_request_get, back=_day_page,
    run=lambda actor, req: funds_services.day_reopen_confirm(actor=actor, request=req),
    done=lambda req: _("%(date)s of %(township)s is reopened: entries, deposits and cancellations of that day are "
                       "accepted again until it is signed off anew.")
    % {"date": req.signoff.date.isoformat(), "township": req.signoff.township.name})
reopen_reject = step_view(
    posts=DAY_REOPEN_CONFIRMERS, get=funds_selectors.reopen_request_get, back=_day_page, form_class=ReopenRejectForm,
    run=lambda actor, req, note: funds_services.day_reopen_reject(actor=actor, request=req, note=note),
    done=lambda req: _("The request to reopen the day is rejected; the day stays signed off."))
reopen_withdraw = step_view(
    posts=DAY_SIGNERS, get=funds_selectors.reopen_request_get, back=_day_page,
    run=lambda actor, req: funds_services.day_reopen_withdraw(actor=actor, request=req),
    done=lambda req: _("The request to reopen the day is withdrawn; the day stays signed off."))


@login_required
def closing(request):
    require_post(request.user, MONEY_READERS)
    first = month_or_this_month(request.GET.get("month"))
    report = recon.month_closing(user=request.user, year=first.year, month=first.month)
    return render(request, "collection/closing.html", {"report": report, "month": first})


@login_required
def closing_export(request):
    require_post(request.user, MONEY_READERS)
    first = month_or_this_month(request.GET.get("month"))
    report = recon.month_closing(user=request.user, year=first.year, month=first.month)
    label = f"{first:%Y-%m}"
    summary = [
        (t.township.code, t.township.name, t.collected_count, t.collected, t.deposit_count, t.deposited,
         t.difference, t.days_with_difference)
        for t in report.townships
    ]
    summary.append(("", _("Total"), sum(t.collected_count for t in report.townships), report.collected,
                    sum(t.deposit_count for t in report.townships), report.deposited, report.difference,
                    sum(t.days_with_difference for t in report.townships)))
    days = [(d.date, d.township.code, d.township.name, d.collected, d.deposited, d.difference) for d in report.days]
    vouchers = [(d.date, d.township.code, d.township.name, d.voucher_number, d.amount, d.get_source_display(),
                 d.reason) for d in report.deposits]
    return xlsx_response(
        f"{_('Month-end closing')}-{label}.xlsx",
        sheets=[
            (_("Summary"), [_("Township code"), _("Township"), _("Cash contributions"), _("Collected"),
                            _("Vouchers"), _("Deposited"), _("Difference"), _("Days not balanced")], summary),
            (_("By day"), [_("Date"), _("Township code"), _("Township"), _("Collected"), _("Deposited"),
                           _("Difference")], days),
            (_("Vouchers"), [_("Date"), _("Township code"), _("Township"), _("Voucher number"), _("Amount"),
                             _("Source"), _("Reason")], vouchers),
        ],
        title_rows=[_("Month-end closing %(month)s, exported %(date)s by %(user)s")
                    % {"month": label, "date": timezone.localdate().isoformat(), "user": request.user}],
    )
