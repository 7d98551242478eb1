"""Audit files go out only here, to users whose scope holds the record: spot-check attachments (audit readers),
a finding's completion evidence (audit readers and the section it was sent to), key-data evidence (the request's
scope). Always as a download, under a sandbox policy: a file that is not what its name says cannot run in our
origin. Nothing under MEDIA_ROOT has a URL of its own."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from pension.permissions import require_post

from .. import selectors
from ..apps import AUDIT_READERS, KEY_DATA_POSTS, SECTION_POSTS


def _serve(field, name: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (OSError, ValueError):
        raise Http404
    response = FileResponse(handle, as_attachment=True, filename=Path(name or field.name).name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_file(request, pk, attachment_pk):
    require_post(request.user, AUDIT_READERS)
    attachment = selectors.attachment_get(plan=selectors.plan_get(pk=pk), pk=attachment_pk)
    return _serve(attachment.file, attachment.name)


@login_required
def finding_evidence(request, pk):
    require_post(request.user, AUDIT_READERS | SECTION_POSTS)
    finding = selectors.finding_get(user=request.user, pk=pk)
    return _serve(finding.evidence, finding.evidence.name if finding.evidence else "")


@login_required
def keydata_evidence(request, pk):
    require_post(request.user, KEY_DATA_POSTS)
    req = selectors.keydata_get(user=request.user, pk=pk)
    return _serve(req.evidence, req.evidence.name if req.evidence else "")
