"""Browser pages: deposits, daily reconciliation, month-end closing, interest, account statements.
Views validate input, call a service or a selector, and render."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enrollment import selectors as enrollment_selectors
from pension import idnumber, outbox
from pension.excel import xlsx_response
from pension.forms import error_message, flash_error
from pension.money import format_yuan
from pension.params import MAX_YEAR, MIN_YEAR, date_param, year_param
from pension.permissions import has_post, require_post

from . import selectors, services
from .deposits import TEMPLATE_HEADERS, read_workbook
from .forms import DepositUploadForm, InterestPostForm, InterestRateForm, ReasonForm
from .models import InterestPosting, InterestRate
from .permissions import (
    ACCOUNT_READERS,
    DEPOSIT_CONFIRMERS,
    DEPOSIT_WRITERS,
    INTEREST_POSTERS,
    INTEREST_READERS,
    MONEY_READERS,
)


def _parse_date(raw, default=None, *, field="date"):
    """A date filter: blank gives the default; a date that does not exist is refused, not replaced."""
    return date_param({field: raw}, field, default=default, label=_("Date"))


# --- deposits ----------------------------------------------------------------------------------------


@login_required
def deposit_list(request):
    require_post(request.user, MONEY_READERS)
    g = request.GET
    qs = selectors.deposit_list(
        user=request.user, township_code=g.get("township") or None,
        date_from=_parse_date(g.get("date_from"), field="date_from"),
        date_to=_parse_date(g.get("date_to"), field="date_to"), voucher=g.get("voucher") or None,
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    return render(request, "funds/deposit_list.html", {
        "page": page, "f": g, "townships": selectors.townships_for(user=request.user),
        "can_write": has_post(request.user, DEPOSIT_WRITERS), "reason_form": ReasonForm(),
        "pending": selectors.deposit_reversals_open(user=request.user),
        "can_confirm": has_post(request.user, DEPOSIT_CONFIRMERS),
    })


@login_required
def deposit_upload(request):
    require_post(request.user, DEPOSIT_WRITERS)
    form = DepositUploadForm(request.POST or None, request.FILES or None)
    result, file_error = None, None
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_workbook(form.cleaned_data["file"])
        except ValidationError as exc:
            file_error = error_message(exc)
        else:
            result = services.deposit_import(actor=request.user, rows=rows)
            if result.ok:
                messages.success(request, _("All %(n)s vouchers were recorded, total %(total)s.")
                                 % {"n": len(result.created), "total": format_yuan(result.total)})
                return redirect("funds:deposit_list")
    return render(request, "funds/deposit_upload.html", {"form": form, "result": result, "file_error": file_error})


@login_required
def deposit_template(request):
    require_post(request.user, DEPOSIT_WRITERS)
    instructions = [
        (_("Date"), _("The day the money was deposited, e.g. 2026-03-02 (a date cell or text).")),
        (_("Township code"), _("The 9-digit statistical code of the township.")),
        (_("Amount"), _("Yuan, greater than zero, at most two decimals.")),
        (_("Voucher number"), _("The deposit voucher number; each number once.")),
        (_("All or nothing"), _("If any row is wrong nothing is recorded and every wrong row is listed.")),
    ]
    return xlsx_response(
        f"{_('Deposit vouchers template')}.xlsx",
        sheets=[(_("Deposits"), TEMPLATE_HEADERS, []), (_("Instructions"), [_("Column"), _("Rule")], instructions)],
    )


@login_required
@require_POST
def deposit_reverse(request, pk: int):
    """Propose cancelling a voucher; a second officer confirms it on the deposit list."""
    require_post(request.user, DEPOSIT_WRITERS)
    deposit = selectors.deposit_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for cancelling this voucher."))
    else:
        try:
            services.deposit_reversal_propose(actor=request.user, deposit=deposit,
                                              reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The cancellation of voucher %(number)s is proposed; it takes effect when "
                                        "a second officer confirms it.") % {"number": deposit.voucher_number})
    return redirect("funds:deposit_list")


@login_required
@require_POST
def deposit_reverse_decide(request, proposal_pk: int, decision: str):
    require_post(request.user, DEPOSIT_CONFIRMERS)
    proposal = selectors.deposit_reversals_open(user=request.user).filter(pk=proposal_pk).first()
    if proposal is None:
        messages.error(request, _("No such cancellation awaits confirmation."))
        return redirect("funds:deposit_list")
    try:
        if decision == "confirm":
            services.deposit_reversal_confirm(actor=request.user, proposal=proposal)
            messages.success(request, _("Voucher %(number)s is cancelled.")
                             % {"number": proposal.deposit.voucher_number})
        else:
            services.deposit_reversal_reject(actor=request.user, proposal=proposal,
                                             reason=request.POST.get("reason", ""))
            messages.success(request, _("The cancellation is rejected."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_message(exc) if isinstance(exc, ValidationError) else str(exc))
    return redirect("funds:deposit_list")


# --- interest ----------------------------------------------------------------------------------------


@login_required
def interest(request):
    require_post(request.user, INTEREST_READERS)
    today = timezone.localdate()
    posted = {p.year: p for p in InterestPosting.objects.all()}
    return render(request, "funds/interest.html", {
        "rates": [(r, posted.get(r.year)) for r in selectors.interest_rates()],
        "runs": selectors.interest_runs(),
        "can_post": has_post(request.user, INTEREST_POSTERS),
        "post_form": InterestPostForm(initial={"year": today.year - 1}),
        "rate_form": InterestRateForm(initial={"year": today.year}),
    })


@login_required
@require_POST
def interest_post(request):
    require_post(request.user, INTEREST_POSTERS)
    form = InterestPostForm(request.POST)
    if form.is_valid():
        try:
            run = services.interest_run_request(actor=request.user, year=form.cleaned_data["year"])
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            outbox.announce(request, run, _("The interest posting of %(year)s is started; its run is listed below.")
                            % {"year": run.year})
    else:
        messages.error(request, _("Enter a year between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR})
    return redirect("funds:interest")


@login_required
def interest_rate_edit(request):
    require_post(request.user, INTEREST_POSTERS)
    year = year_param(request.GET)
    initial = {}
    if year:
        rate = InterestRate.objects.filter(year=int(year)).first()
        initial = {"year": int(year)}
        if rate:
            initial.update(rate_percent=rate.rate_percent, rounding=rate.rounding, month_rule=rate.month_rule,
                           source=rate.source)
    form = InterestRateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_rate_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The interest rate of %(year)s is saved.") % form.cleaned_data)
            return redirect("funds:interest")
    return render(request, "funds/interest_rate_form.html", {"form": form})


# --- accounts ----------------------------------------------------------------------------------------


@login_required
def account_list(request):
    require_post(request.user, ACCOUNT_READERS)
    g = request.GET
    qs = selectors.account_list(user=request.user, q=g.get("q") or None, township_code=g.get("township") or None)
    page = Paginator(qs, 50).get_page(g.get("page"))
    balances = selectors.account_balances(a.pk for a in page)
    for account in page:
        account.balance = balances.get(account.pk, Decimal("0.00"))
    return render(request, "funds/account_list.html", {
        "page": page, "f": g, "townships": selectors.townships_for(user=request.user),
    })


def _statement(request, resident_id):
    require_post(request.user, ACCOUNT_READERS)
    resident = enrollment_selectors.resident_get(user=request.user, pk=resident_id)
    year = year_param(request.GET, default=timezone.localdate().year)
    return selectors.account_statement(resident=resident, year=year)


@login_required
def statement(request, resident_id: int):
    s = _statement(request, resident_id)
    return render(request, "funds/statement.html", {"s": s})


@login_required
def statement_export(request, resident_id: int):
    s = _statement(request, resident_id)
    summary = [
        (_("Opening balance"), s.opening), (_("Principal credited"), s.principal), (_("Interest credited"), s.interest),
        (_("Paid out"), s.paid_out), (_("Closing balance"), s.closing),
    ]
    components = [(c.label, c.opening, c.movement, c.closing) for c in s.components]
    entries = [(e.value_date, e.get_kind_display(), e.get_component_display(), e.amount) for e in s.entries]
    return xlsx_response(
        f"{_('Account statement')}-{s.resident.name}-{s.year}.xlsx",
        sheets=[
            (_("Statement"), [_("Item"), _("Amount")], summary),
            (_("By component"), [_("Component"), _("Opening"), _("Movement"), _("Closing")], components),
            (_("Entries"), [_("Value date"), _("Kind"), _("Component"), _("Amount")], entries),
        ],
        title_rows=[
            _("Individual account statement %(year)s") % {"year": s.year},
            f"{s.resident.name}  {idnumber.mask(s.resident.id_number)}  {s.resident.township.name} "
            f"{s.resident.village.name}",
        ],
    )


