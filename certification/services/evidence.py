"""Evidence uploads: photos (JPEG, PNG) and PDF only, recognised by their content, never by name or by the
type the browser claims; size-limited; stored under MEDIA_ROOT/certification/ by a random name without
extension (nothing under MEDIA_ROOT is served by a URL: files go out only through the scoped view)."""

import hashlib
import io
import logging
import uuid
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from pension.oplog import log_operation
from pension.permissions import require_post
from pension.scope import area_in_scope

from ..apps import RECORDERS
from ..models import Evidence, Record

log = logging.getLogger(__name__)
MAX_FILES = 5

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
PDF = "application/pdf"
# PDF features that run code or fetch things when the file is opened.
PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")


def max_bytes() -> int:
    return int(getattr(settings, "CERTIFICATION_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(data: bytes) -> str | None:
    """The file's real type (image/jpeg, image/png, application/pdf) or None if it is none of them."""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            return None
        if any(marker in data for marker in PDF_ACTIVE):
            return None
        return PDF
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format
            if fmt not in IMAGE_TYPES or img.width * img.height > MAX_PIXELS:
                return None
            img.verify()
        # verify() leaves the image unusable; decoding the pixels proves the file is a whole image.
        with Image.open(io.BytesIO(data)) as img:
            img.load()
    except Exception:  # noqa: BLE001 - any failure to decode means "not an image"
        return None
    return IMAGE_TYPES[fmt]


def _read(upload, field: str) -> bytes:
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError({field: _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({field: _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}})
    if not data:
        raise ValidationError({field: _("The file is empty.")})
    return data


def evidence_store(*, actor, upload, township, village=None, record=None, field: str = "evidence") -> Evidence:
    """Check one upload and add its row to the caller's transaction (the caller logs the operation). The file is
    written only when that transaction commits: a record refused or rolled back leaves nothing on disk."""
    data = _read(upload, field)
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError({field: _("Only photos (JPEG, PNG) and PDF files are accepted; this file is "
                                        "neither, whatever its name says.")})
    relative = f"certification/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"
    name = Path(getattr(upload, "name", "") or "upload").name[:200]
    evidence = Evidence.objects.create(record=record, township=township, village=village, path=relative,
                                       content_type=content_type, size=len(data),
                                       sha256=hashlib.sha256(data).hexdigest(), original_name=name,
                                       uploaded_by=actor)
    transaction.on_commit(partial(_write, Path(settings.MEDIA_ROOT) / relative, data, evidence.pk))
    return evidence


def _write(target: Path, data: bytes, evidence_id: int) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as fh:
            fh.write(data)
    except OSError:  # the row stands; the scoped view answers 404 and the log says which file is missing
        log.exception("evidence %s: the file could not be written to %s", evidence_id, target)


@transaction.atomic
def evidence_attach(*, actor, record: Record, upload) -> Evidence:
    """Attach one more file to a recorded certification (in the actor's scope)."""
    require_post(actor, RECORDERS)
    if not area_in_scope(actor, record.village):
        raise Http404
    if upload is None:
        raise ValidationError({"evidence": _("Choose a file.")})
    if record.evidence.count() >= MAX_FILES:
        raise ValidationError({"evidence": _("Attach at most %(n)s files.") % {"n": MAX_FILES}})
    evidence = evidence_store(actor=actor, upload=upload, township=record.township, village=record.village,
                              record=record)
    log_operation(actor=actor, action="evidence.add", obj=evidence,
                  after={"record": record.pk, "type": evidence.content_type, "size": evidence.size},
                  area=record.village)
    return evidence


def evidence_path(evidence: Evidence) -> Path:
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / evidence.path).resolve()
    if root not in path.parents:
        raise ValidationError({"path": "outside MEDIA_ROOT"})
    return path
