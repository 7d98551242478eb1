"""The certification entry screen, modelled on collection's: ID number, result, Enter → saved → next person.

The ID number travels only in the POST body. htmx swaps the entry area; a plain POST gets the whole page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pension import idnumber
from pension.permissions import require_post

from .. import selectors, services
from ..apps import RECORDERS
from ..forms import EntryForm
from ..models import Mode, Result
from .common import error_dict

SESSION_MODE = "certification_mode"


def _context(request, *, saved=None, errors=None, form_data=None, recent=False):
    mode = request.session.get(SESSION_MODE, Mode.ON_SITE)
    ctx = {"saved": saved, "errors": errors or {}, "data": form_data or {}, "modes": Mode.choices,
           "results": Result.choices, "mode": (form_data or {}).get("mode", mode), "today": timezone.localdate(),
           # The record just saved carries its campaign (loaded with the roster entry): no second query.
           "campaign": saved.campaign if saved is not None and saved.campaign_id else selectors.campaign_current()}
    if recent:  # today's whole list: on the page only; an htmx save adds its one row to it
        ctx["recent"] = selectors.records_recent_by(user=request.user)
    return ctx


def _answer(request, ctx, status=200):
    # htmx swaps only 2xx answers: the fragment with its errors comes back as 200; a plain POST gets the whole page
    # (today's list read again) and keeps the code.
    if request.htmx:
        return render(request, "certification/_entry_answer.html", ctx)
    ctx.setdefault("recent", selectors.records_recent_by(user=request.user))
    return render(request, "certification/entry.html", ctx, status=status)


@login_required
def entry(request):
    require_post(request.user, RECORDERS)
    return render(request, "certification/entry.html", _context(request, recent=True))


@login_required
@require_POST
def entry_save(request):
    require_post(request.user, RECORDERS)
    form = EntryForm(request.POST)
    data = {k: request.POST.get(k, "") for k in ("result", "mode", "certified_on", "death_date", "note")}
    if not form.is_valid():
        errors = {f: [str(m) for m in msgs] for f, msgs in form.errors.items()}
        return _answer(request, _context(request, errors=errors, form_data=data), status=400)
    d = form.cleaned_data
    try:
        number = idnumber.parse(d["id_number"]).number
    except ValidationError as exc:
        return _answer(request, _context(request, errors={"id_number": exc.messages}, form_data=data), status=400)
    try:
        # One lookup finds the recipient and the resident in the clerk's scope (issue 13: the save's p95).
        record = services.certification_record_by_id_number(
            actor=request.user, id_number=number, mode=d["mode"], result=d["result"],
            certified_on=d["certified_on"], death_date=d["death_date"], note=d["note"],
            files=request.FILES.getlist("evidence"))
    except ValidationError as exc:
        return _answer(request, _context(request, errors=error_dict(exc), form_data=data),
                       status=409 if exc.__class__.__name__ == "Conflict" else 400)
    if request.session.get(SESSION_MODE, Mode.ON_SITE) != d["mode"]:  # a session write only when the mode changes
        request.session[SESSION_MODE] = d["mode"]
    return _answer(request, _context(request, saved=record))
