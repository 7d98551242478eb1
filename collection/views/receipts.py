"""Receipt books: the county issues ranges; townships void numbers; the county writes books off; gap report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.forms import apply_service_errors, flash_error
from pension.permissions import BUSINESS_READERS, COUNTY_BUSINESS, has_post, require_post

from .. import selectors, services
from ..forms import ReceiptBookForm, VoidForm
from ..services.contributions import ENTERERS


@login_required
def book_list(request):
    require_post(request.user, BUSINESS_READERS)
    can_issue = has_post(request.user, COUNTY_BUSINESS)
    form = ReceiptBookForm(request.POST or None, user=request.user) if can_issue else None
    if request.method == "POST":
        require_post(request.user, COUNTY_BUSINESS)
        if form.is_valid():
            try:
                book = services.receipt_book_issue(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Book %(first)s–%(last)s issued to %(township)s.")
                                 % {"first": book.first_number, "last": book.last_number,
                                    "township": book.township.name})
                return redirect("collection:book_list")
    # Open books by default (the ones in use); written-off ones on request.
    books = list(selectors.receipt_book_list(user=request.user, township_code=request.GET.get("township") or None,
                                             open_only=request.GET.get("all") != "1"))
    for b in books:
        b.missing = b.size - b.used_count - b.voided_count
    return render(request, "collection/book_list.html", {"books": books, "form": form, "f": request.GET})


@login_required
def book_detail(request, pk: int):
    require_post(request.user, BUSINESS_READERS)
    book = selectors.receipt_book_get(user=request.user, pk=pk)
    report = selectors.receipt_book_gaps(book=book)
    return render(request, "collection/book_detail.html", {
        "book": book, "report": report, "size": book.size, "void_form": VoidForm(),
        "can_void": has_post(request.user, ENTERERS) and not book.written_off_at,
        "can_write_off": has_post(request.user, COUNTY_BUSINESS) and not book.written_off_at,
        "voided": book.voided.select_related("voided_by").order_by("number")[:500],
        "proposals": selectors.void_proposals_open(book=book),
        "can_confirm": has_post(request.user, COUNTY_BUSINESS),
    })


@login_required
@require_POST
def book_void(request, pk: int):
    require_post(request.user, ENTERERS)
    book = selectors.receipt_book_get(user=request.user, pk=pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        is_range = (data.get("last_number") or "").strip() not in ("", data["first_number"].strip())
        try:
            if is_range:  # a range is a two-person correction
                services.receipt_void_propose(actor=request.user, book=book, **data)
            else:
                n = services.receipt_void(actor=request.user, book=book, **data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(exc.messages) if hasattr(exc, "messages") else str(exc))
        else:
            messages.success(request, _("Voiding proposed; it takes effect when a county officer confirms it.")
                             if is_range else _("%(n)s number(s) voided.") % {"n": n})
    else:
        flash_error(request, form)
    return redirect("collection:book_detail", pk=pk)


@login_required
@require_POST
def book_write_off(request, pk: int):
    require_post(request.user, COUNTY_BUSINESS)
    book = selectors.receipt_book_get(user=request.user, pk=pk)
    try:
        services.receipt_book_write_off(actor=request.user, book=book)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("The book is written off."))
    return redirect("collection:book_detail", pk=pk)


@login_required
@require_POST
def book_void_decide(request, pk: int, proposal_pk: int, decision: str):
    require_post(request.user, COUNTY_BUSINESS)
    book = selectors.receipt_book_get(user=request.user, pk=pk)
    proposal = selectors.void_proposals_open(book=book).filter(pk=proposal_pk).first()
    if proposal is None:
        messages.error(request, _("No such voiding awaits confirmation."))
        return redirect("collection:book_detail", pk=pk)
    try:
        if decision == "confirm":
            n = services.receipt_void_confirm(actor=request.user, proposal=proposal)
            messages.success(request, _("%(n)s number(s) voided.") % {"n": n})
        else:
            services.receipt_void_reject(actor=request.user, proposal=proposal, reason=request.POST.get("reason", ""))
            messages.success(request, _("The voiding is rejected."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if hasattr(exc, "messages") else str(exc))
    return redirect("collection:book_detail", pk=pk)
