"""Revealing one resident's full ID number on the resident's page (issue 11 item 4): a POST (never a URL with the
number), logged with who and when, answered with no-store so no cache keeps it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pension.permissions import require_post

from . import selectors, services


@never_cache
@login_required
@require_POST
def resident_reveal_id(request, pk: int):
    require_post(request.user, services.ID_REVEALERS)
    resident = selectors.resident_get(user=request.user, pk=pk)  # out of scope: 404
    number = services.resident_id_reveal(actor=request.user, resident=resident)
    template = "enrollment/_revealed_id.html" if request.htmx else "enrollment/revealed_id.html"
    return render(request, template, {"resident": resident, "number": number})
