"""The clerk's contribution entry screen (htmx): ID number → resident panel → Enter saves → next person.

Every step is one POST (ID numbers travel only in request bodies): `lookup` answers the resident panel
with grade, amounts and the next receipt number filled in; `amounts` re-prices when the grade or year
changes; `save` enters the contribution and answers a fresh screen with the ID field focused.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enrollment import selectors as enrollment_selectors
from pension import idnumber
from pension.permissions import require_post

from .. import selectors, services
from ..models import Channel, Contribution
from ..rules import Parameters, plan_contribution
from ..services.contributions import ENTERERS


def _recent(user):
    # A range on made_at (not made_at__date), so the (maker, made_at) index finds today's rows directly.
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return (Contribution.objects.filter(maker=user, made_at__gte=start)
            .select_related("resident", "village").order_by("-made_at", "-id")[:8])


def _day_totals(user) -> dict:
    """Today's entries of this clerk: how many, and the cash among them (issue 11 item 6)."""
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return selectors.clerk_entries_made_totals(user=user, since=start)


def _panel_context(request, resident, *, year=None, grade=None, channel=None, receipt_number=None, paid_on=None,
                   errors=None):
    today = timezone.localdate()
    params = Parameters()
    campaign = params.campaign_on(today)
    ctx = {"resident": resident, "campaign": campaign, "errors": errors or {}, "today": today}
    if campaign is None:
        return ctx
    summary = selectors.resident_year_summary(resident=resident, year=campaign.year,
                                              back_years=campaign.back_payment_years)
    years = [(y, y in summary["paid_years"]) for y in range(campaign.year,
                                                          campaign.year - campaign.back_payment_years - 1, -1)]
    ctx.update(summary)
    ctx["years"] = years
    if year is None:
        # Always this year: a back payment is chosen deliberately, never slipped in by default.
        year = campaign.year
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = campaign.year
    grades = list(params.grades(year))
    if grade is None:
        last = summary["last_year"]["grade"] if summary["last_year"] else None
        grade = last if last in grades else (grades[0] if grades else None)
    if receipt_number is None:
        _book, receipt_number = selectors.next_receipt_number(township_id=resident.township_id)
    channel = channel or Channel.CASH
    plan, plan_error = None, None
    if grade is not None:
        try:
            plan = plan_contribution(params=params, resident=resident, year=year, grade=grade, channel=Channel.BANK,
                                     paid_on=paid_on or today, today=today)
        except ValidationError as exc:
            plan_error = " ".join(exc.messages)
    grade = _decimal(grade)
    usual = _decimal(summary["last_year"]["grade"]) if summary["last_year"] else (grades[0] if grades else None)
    ctx.update({
        "year": year, "grades": grades, "grade": grade,
        "needs_confirmation": grade_needs_confirmation(grade=grade, last_year=summary["last_year"], usual=usual),
        "channel": channel, "channels": Channel.choices, "receipt_number": receipt_number,
        "paid_on": paid_on or today, "plan": plan, "plan_error": plan_error,
        "paid_this_year": any(paid for y, paid in years if y == year),
    })
    return ctx


# A grade more than this many times the usual one (last year's, or the lowest) is "far above the usual".
FAR_ABOVE_FACTOR = 2


def grade_needs_confirmation(*, grade, last_year, usual) -> bool:
    """A grade other than last year's, or far above the usual, takes one more key before it is saved: a
    scanner's digits or a slip of the arrow key must never save a grade nobody meant."""
    if grade is None:
        return False
    if last_year is not None and _decimal(last_year["grade"]) != grade:
        return True
    return usual is not None and grade > usual * FAR_ABOVE_FACTOR


def _decimal(value):
    try:
        return Decimal(str(value)) if value is not None else None
    except ArithmeticError:
        return None


@login_required
def entry(request):
    """The entry screen; `?resident=<pk>` (the 收费 shortcut of a resident's page) opens it on that resident."""
    require_post(request.user, ENTERERS)
    ctx = {"recent": _recent(request.user), "day_totals": _day_totals(request.user)}
    raw = request.GET.get("resident")
    if raw:
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise Http404
        resident = enrollment_selectors.resident_get(user=request.user, pk=int(raw))
        ctx["panel_html"] = render_to_string("collection/_entry_panel.html", _panel_context(request, resident),
                                             request)
    return render(request, "collection/entry.html", ctx)


def _answer(request, panel_ctx: dict | None = None, *, saved=None):
    """htmx gets the fragment; a plain POST (script not loaded yet, or disabled) gets the whole screen,
    so the form still works and nothing ever travels in a URL."""
    if request.htmx:
        if panel_ctx is None:
            return render(request, "collection/_entry_result.html", {
                "saved": saved, "recent": _recent(request.user), "day_totals": _day_totals(request.user)})
        return render(request, "collection/_entry_panel.html", panel_ctx)
    panel_html = render_to_string("collection/_entry_panel.html", panel_ctx, request) if panel_ctx else ""
    return render(request, "collection/entry.html",
                  {"saved": saved, "recent": _recent(request.user), "panel_html": panel_html,
                   "day_totals": _day_totals(request.user)})


@login_required
@require_POST
def entry_lookup(request):
    require_post(request.user, ENTERERS)
    raw = request.POST.get("id_number", "")
    try:
        number = idnumber.parse(raw).number
    except ValidationError as exc:
        # Not a whole ID number: a name, or the last digits of an ID number, within the clerk's area.
        term = "".join(raw.split())
        candidates = enrollment_selectors.resident_candidates(user=request.user, term=term)
        if len(candidates) == 1:
            return _answer(request, _panel_context(request, candidates[0]))
        if candidates:
            return _answer(request, {"candidates": candidates, "term": term})
        if term and not any(ch.isdigit() for ch in term):
            return _answer(request, {"lookup_error": _("No resident in your area is called %(term)s.")
                                     % {"term": term}})
        return _answer(request, {"lookup_error": " ".join(exc.messages)})
    resident = enrollment_selectors.resident_find_by_id_number(user=request.user, id_number=number)
    if resident is None:
        return _answer(request, {"lookup_error": _("No resident with this ID number in your area.")})
    return _answer(request, _panel_context(request, resident))


@login_required
@require_POST
def entry_pick(request):
    """A candidate of the name search chosen: the payment panel for that resident (404 out of scope)."""
    require_post(request.user, ENTERERS)
    raw = request.POST.get("resident", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise Http404
    resident = enrollment_selectors.resident_get(user=request.user, pk=int(raw))
    return _answer(request, _panel_context(request, resident))


def _posted_resident(request):
    try:
        pk = int(request.POST.get("resident", ""))
    except ValueError:
        raise PermissionDenied
    return enrollment_selectors.resident_get(user=request.user, pk=pk)


def _posted_date(request):
    raw = request.POST.get("paid_on") or ""
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
@require_POST
def entry_amounts(request):
    require_post(request.user, ENTERERS)
    resident = _posted_resident(request)
    p = request.POST
    year_changed = request.headers.get("HX-Trigger-Name") == "year"
    ctx = _panel_context(request, resident, year=p.get("year") or None,
                         grade=None if year_changed else (p.get("grade") or None), channel=p.get("channel"),
                         receipt_number=p.get("receipt_number", ""), paid_on=_posted_date(request))
    return render(request, "collection/_entry_panel.html", ctx)


@login_required
@require_POST
def entry_save(request):
    require_post(request.user, ENTERERS)
    resident = _posted_resident(request)
    p = request.POST
    ctx = _panel_context(request, resident, year=p.get("year") or None, grade=p.get("grade") or None,
                         channel=p.get("channel"), receipt_number=p.get("receipt_number", ""),
                         paid_on=_posted_date(request))
    if ctx.get("needs_confirmation") and p.get("confirm_grade") != str(ctx["grade"]):
        # One more key: the panel comes back asking to confirm this grade, the confirm button focused.
        ctx["confirming"] = True
        response = _answer(request, ctx)
        response["HX-Retarget"], response["HX-Reswap"] = "#panel", "innerHTML"
        return response
    try:
        contribution = services.contribution_enter(
            actor=request.user, resident=resident, year=p.get("year"), grade=p.get("grade"),
            channel=p.get("channel", ""), receipt_number=p.get("receipt_number", ""), paid_on=_posted_date(request),
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"general": exc.messages}
        errors["general"] = errors.pop("__all__", []) + errors.get("general", [])
        ctx = _panel_context(request, resident, year=p.get("year") or None, grade=p.get("grade") or None,
                             channel=p.get("channel"), receipt_number=p.get("receipt_number", ""),
                             paid_on=_posted_date(request), errors=errors)
        response = _answer(request, ctx)
        # The panel (not the whole screen) shows the errors, with the faulty field focused.
        response["HX-Retarget"], response["HX-Reswap"] = "#panel", "innerHTML"
        return response
    return _answer(request, saved=contribution)
