"""Daily reconciliation (日清) and month-end closing (月结) pages: cash collected against deposit vouchers.
Their addresses stay under /funds/ (pension/urls.py); the reads are in collection.reconciliation."""

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
from funds.permissions import DAY_SIGNERS, MONEY_READERS
from pension.excel import xlsx_response
from pension.forms import flash_error
from pension.params import date_param, month_or_this_month
from pension.permissions import has_post, require_post

from .. import reconciliation as recon
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
    return render(request, "collection/reconciliation.html", {
        "r": result, "townships": townships, "township": township, "day": day, "differences": differences,
        "month": first, "signoff": funds_selectors.day_signoff(user=request.user, township=township, day=day),
        "can_sign": has_post(request.user, DAY_SIGNERS) and day <= today,
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
