"""Contribution lists, the county's review queue, a contribution's page with its actions, the roster export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from enrollment import selectors as enrollment_selectors
from pension import idnumber
from pension.excel import xlsx_response
from pension.forms import flash_error
from pension.models import AreaLevel
from pension.params import is_ascii_digits
from pension.permissions import BUSINESS_READERS, COUNTY_BUSINESS, has_post, require_post
from pension.scope import scoped_areas, user_level

from .. import selectors, services
from ..forms import ContributionFilterForm, ReasonForm, ResubmitForm
from ..models import Channel, ContributionKind, ContributionStatus
from ..rules import Parameters
from ..services.contributions import ENTERERS


def _filters(request, *, default_year=False) -> dict:
    form = ContributionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year")
    if year is None and default_year and "year" not in request.GET:
        # Pages open on this year's campaign; an empty year field shows every year.
        campaign = selectors.current_campaign(timezone.localdate())
        year = campaign.year if campaign else None
    return {"year": year, "township_code": data.get("township") or None,
            "village_id": data.get("village"), "status": data.get("status") or None}


def _error_text(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


@login_required
def contribution_list(request):
    """Contributions with filters; a name in `q` (GET). An ID number is searched only by POST (the box beside the
    filters), so it never travels in a URL; typed into the name box it is refused."""
    require_post(request.user, BUSINESS_READERS)
    filters = _filters(request, default_year=True)
    name = (request.GET.get("q") or "").strip()
    id_error = None
    if sum(ch.isdigit() for ch in name) >= 6:
        id_error, name = _("Search by ID number with the ID number box, not the name box."), ""
    qs = selectors.contribution_list(user=request.user, **filters, name=name or None)
    searched_id = False
    if request.method == "POST":
        searched_id = True
        try:
            number = idnumber.parse(request.POST.get("id_number", "")).number
        except ValidationError as exc:
            id_error = " ".join(exc.messages)
            qs = qs.none()
        else:
            resident = enrollment_selectors.resident_find_by_id_number(user=request.user, id_number=number)
            qs = selectors.contribution_list(user=request.user, resident_id=resident.pk if resident else -1)
            if resident is None:
                id_error = _("No resident with this ID number in your area.")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    areas = scoped_areas(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    f = request.GET.copy()
    f.setdefault("year", filters["year"] or "")
    if not name:
        f["q"] = ""  # an ID number typed into the name box is not shown back
        query.pop("q", None)
    return render(request, "collection/contribution_list.html", {
        "page": page, "f": f, "query": query.urlencode(), "statuses": ContributionStatus.choices,
        "townships": areas.filter(level=AreaLevel.TOWNSHIP), "villages": areas.filter(level=AreaLevel.VILLAGE),
        "id_error": id_error, "searched_id": searched_id,
    })


@login_required
def contribution_export(request):
    """A township's contribution roster for a year (IDs masked). County users choose the township."""
    require_post(request.user, BUSINESS_READERS)
    filters = _filters(request, default_year=True)
    if user_level(request.user) == AreaLevel.COUNTY and not filters["township_code"]:
        messages.error(request, _("Choose a township to export its roster."))
        return redirect(reverse("collection:contribution_list") + "?" + request.GET.urlencode())
    name = (request.GET.get("q") or "").strip()
    name = "" if sum(ch.isdigit() for ch in name) >= 6 else name
    qs = selectors.contribution_list(user=request.user, **filters, name=name or None).order_by(
        "village__code", "resident__name", "year", "id")
    headers = [_("Township"), _("Village"), pgettext("person", "Name"), _("ID number"), _("Year"), _("Kind"),
               _("Grade"), _("Personal amount"), _("Government-paid for hardship"), _("Central subsidy"),
               _("Provincial subsidy"), _("Municipal subsidy"), _("County subsidy"), _("Collective subsidy"),
               _("Donation"), _("Channel"), _("Receipt number"), _("Paid on"), _("Status")]
    # Labels translated once, not once per row.
    kinds, channels = dict(ContributionKind.choices), dict(Channel.choices)
    statuses = dict(ContributionStatus.choices)
    kinds, channels, statuses = ({k: str(v) for k, v in d.items()} for d in (kinds, channels, statuses))
    rows = (
        (c.township.name, c.village.name, c.resident.name, idnumber.mask(c.resident.id_number), c.year,
         kinds[c.kind], c.grade, c.personal_amount, c.hardship_amount, c.subsidy_central,
         c.subsidy_provincial, c.subsidy_municipal, c.subsidy_county, c.collective_amount, c.donation_amount,
         channels[c.channel], c.receipt_number, c.paid_on, statuses[c.status])
        for c in qs.iterator(chunk_size=2000)
    )
    stamp = timezone.localdate().isoformat()
    area = (scoped_areas(request.user, AreaLevel.TOWNSHIP).filter(code=filters["township_code"]).first()
            if filters["township_code"] else request.user.area)
    return xlsx_response(
        _("Contribution roster") + f"-{stamp}.xlsx",
        sheets=[(_("Contributions"), headers, rows)],
        title_rows=[_("Contribution roster of %(area)s, exported %(date)s by %(user)s")
                    % {"area": f"{area.name if area else ''} {filters['year'] or ''}", "date": stamp,
                       "user": request.user}],
    )


@login_required
def contribution_detail(request, pk: int):
    require_post(request.user, BUSINESS_READERS)
    c = selectors.contribution_get(user=request.user, pk=pk)
    can_review = has_post(request.user, COUNTY_BUSINESS) and c.maker_id != request.user.pk
    proposal = selectors.reversal_proposal_open(contribution=c)
    nxt = request.GET.get("next") or ""
    return render(request, "collection/contribution_detail.html", {
        "next": nxt if nxt.startswith("/collection/review/") else "",
        "c": c, "reversal": getattr(c, "reversal", None) if c.status == ContributionStatus.REVERSED else None,
        "can_review": can_review and c.status == ContributionStatus.ENTERED,
        "can_reverse": has_post(request.user, ENTERERS) and c.status == ContributionStatus.APPROVED
        and c.maker_id != request.user.pk and proposal is None,
        "proposal": proposal,
        "can_confirm": proposal is not None and has_post(request.user, COUNTY_BUSINESS)
        and request.user.pk not in (proposal.proposed_by_id, proposal.original_maker_id),
        "can_fix": has_post(request.user, ENTERERS) and c.status == ContributionStatus.RETURNED,
        "can_cancel": has_post(request.user, ENTERERS) and c.status in (ContributionStatus.ENTERED,
                                                                        ContributionStatus.RETURNED),
        "reason_form": ReasonForm(),
        "resubmit_form": ResubmitForm(initial={"grade": f"{c.grade:.2f}", "channel": c.channel,
                                               "receipt_number": c.receipt_number, "paid_on": c.paid_on},
                                      grades=_grades_for(c)),
    })


def _grades_for(c) -> list:
    """The grades of the entry's year (its own grade kept in the list even if the county has since retired it)."""
    grades = set(Parameters().grades(c.year)) | {c.grade}
    return sorted(grades)


def _act(request, pk, fn, success: str, **kwargs):
    c = selectors.contribution_get(user=request.user, pk=pk)
    try:
        fn(actor=request.user, contribution=c, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)
    nxt = request.POST.get("next")
    return redirect(nxt if nxt and nxt.startswith("/") and not nxt.startswith("//") else
                    "collection:contribution_detail", **({} if nxt else {"pk": pk}))


@login_required
@require_POST
def contribution_approve(request, pk: int):
    require_post(request.user, COUNTY_BUSINESS)
    return _act(request, pk, services.contribution_approve, _("Approved and credited to the account."))


@login_required
@require_POST
def contribution_return(request, pk: int):
    require_post(request.user, COUNTY_BUSINESS)
    return _act(request, pk, services.contribution_return, _("Returned to the township."),
                reason=request.POST.get("reason", ""))


@login_required
@require_POST
def contribution_reverse(request, pk: int):
    """Propose the reversal; a second county officer confirms it on the same page."""
    require_post(request.user, ENTERERS)
    return _act(request, pk, services.contribution_reversal_propose,
                _("Reversal proposed; it takes effect when a second county officer confirms it."),
                reason=request.POST.get("reason", ""))


def _decide(request, pk, fn, success: str, **kwargs):
    c = selectors.contribution_get(user=request.user, pk=pk)
    proposal = selectors.reversal_proposal_open(contribution=c)
    if proposal is None:
        messages.error(request, _("No reversal of this contribution is awaiting confirmation."))
        return redirect("collection:contribution_detail", pk=pk)
    try:
        fn(actor=request.user, proposal=proposal, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)
    return redirect("collection:contribution_detail", pk=pk)


@login_required
@require_POST
def contribution_reverse_confirm(request, pk: int):
    require_post(request.user, COUNTY_BUSINESS)
    return _decide(request, pk, services.contribution_reversal_confirm,
                   _("Reversed; the account shows the reversal and the interest taken back."))


@login_required
@require_POST
def contribution_reverse_reject(request, pk: int):
    require_post(request.user, COUNTY_BUSINESS)
    return _decide(request, pk, services.contribution_reversal_reject, _("The reversal is rejected."),
                   reason=request.POST.get("reason", ""))


@login_required
@require_POST
def contribution_cancel(request, pk: int):
    require_post(request.user, ENTERERS)
    return _act(request, pk, services.contribution_cancel, _("The entry is cancelled."),
                reason=request.POST.get("reason", ""))


@login_required
@require_POST
def contribution_resubmit(request, pk: int):
    require_post(request.user, ENTERERS)
    c = selectors.contribution_get(user=request.user, pk=pk)  # out of scope → 404 before anything else
    form = ResubmitForm(request.POST, grades=_grades_for(c))
    if not form.is_valid():
        flash_error(request, form)
        return redirect("collection:contribution_detail", pk=pk)
    return _act(request, pk, services.contribution_resubmit, _("Corrected and sent for review again."),
                **form.cleaned_data)


@login_required
@require_POST
def review_approve_selected(request):
    require_post(request.user, COUNTY_BUSINESS)
    ids = [int(x) for x in request.POST.getlist("ids") if is_ascii_digits(x) and len(x) < 18][:200]
    done, failed = 0, []
    for pk in ids:
        c = selectors.contribution_get(user=request.user, pk=pk)
        try:
            services.contribution_approve(actor=request.user, contribution=c)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            failed.append(f"{c.resident.name}: {_error_text(exc)}")
    if done:
        messages.success(request, _("%(n)s contribution(s) approved and credited.") % {"n": done})
    for text in failed[:10]:
        messages.error(request, text)
    return redirect("collection:review")
