"""A record's page and its evidence files, served only to users whose area holds the record."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.permissions import require_post

from .. import selectors, services
from ..apps import READERS, RECORDERS
from ..services.evidence import evidence_path
from .common import error_text


@login_required
def record_detail(request, pk):
    require_post(request.user, READERS)
    record = selectors.record_get(user=request.user, pk=pk)
    return render(request, "certification/record_detail.html",
                  {"record": record, "evidence": record.evidence.all()})


@login_required
@require_POST
def record_evidence_add(request, pk):
    require_post(request.user, RECORDERS)
    record = selectors.record_get(user=request.user, pk=pk)
    upload = request.FILES.get("evidence")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("certification:record_detail", pk=record.pk)
    try:
        services.evidence_attach(actor=request.user, record=record, upload=upload)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The file is attached."))
    return redirect("certification:record_detail", pk=record.pk)


@login_required
def evidence_file(request, pk):
    require_post(request.user, READERS)
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    try:
        handle = open(evidence_path(evidence), "rb")
    except (OSError, ValidationError):
        raise Http404
    response = FileResponse(handle, content_type=evidence.content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(_('Evidence'))}-{evidence.pk}"
    # Even a file that slipped through could not run script in our origin.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
