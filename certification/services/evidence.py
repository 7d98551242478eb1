"""Evidence uploads: photos (JPEG, PNG) and PDF only, recognised by their content, never by name or by the
type the browser claims; size-limited; stored under MEDIA_ROOT/certification/ by a random name without
extension (nothing under MEDIA_ROOT is served by a URL: files go out only through the scoped view)."""

import hashlib
import io
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from ..models import Evidence

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
    """Check and store one upload; the caller's transaction holds the row (the caller logs the operation)."""
    data = _read(upload, field)
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError({field: _("Only photos (JPEG, PNG) and PDF files are accepted; this file is "
                                        "neither, whatever its name says.")})
    relative = f"certification/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as fh:
        fh.write(data)
    name = Path(getattr(upload, "name", "") or "upload").name[:200]
    return Evidence.objects.create(record=record, township=township, village=village, path=relative,
                                   content_type=content_type, size=len(data),
                                   sha256=hashlib.sha256(data).hexdigest(), original_name=name, uploaded_by=actor)


def evidence_path(evidence: Evidence) -> Path:
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / evidence.path).resolve()
    if root not in path.parents:
        raise ValidationError({"path": "outside MEDIA_ROOT"})
    return path
