"""Uploaded files kept as evidence or attachments (certification's evidence, audit's attachments and evidence):
recognised by their content, never by their name or the type the browser claims; size-limited; written under
MEDIA_ROOT by a random name only when the transaction that records them commits, so a write refused or rolled back
leaves nothing on disk. Nothing under MEDIA_ROOT has a URL of its own: files go out only through scoped views.

    checked = read_checked(upload, field="evidence", allowed=IMAGES_AND_PDF, refusal=_("..."))
    row.path = store_on_commit(folder="certification", checked=checked)   # inside the caller's transaction
"""

import hashlib
import io
import logging
import uuid
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image

from .excel import XLSX, Limits, WorkbookRefused, workbook_check, zip_parts_guard

log = logging.getLogger(__name__)

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IMAGES_AND_PDF = frozenset({JPEG, PNG, PDF})
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", XLSX: "xlsx", DOCX: "docx"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
# PDF features that run code or fetch things when the file is opened.
PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
# Office parts that run code or carry other files (macros, ActiveX, embedded objects): a workbook or document
# attached as evidence needs none of them.
OFFICE_ACTIVE = ("vbaproject", "/activex/", "/embeddings/")
# An attached workbook is kept, not imported: its size is the upload's, its rows are not counted.
ATTACHED_WORKBOOK = Limits(max_rows=1_048_575, max_columns=16_384)
IMAGE_FORMATS = {"JPEG": JPEG, "PNG": PNG}


@dataclass(frozen=True)
class Checked:
    """An upload whose content is one of the allowed types."""

    data: bytes
    content_type: str
    name: str  # the name it was uploaded under (its last part, at most 200 characters), shown, never trusted

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def sniff(data: bytes, *, allowed: Collection[str] = IMAGES_AND_PDF) -> str | None:
    """The file's real type if it is one of `allowed` (PDF, JPEG, PNG, XLSX, DOCX) and whole, else None."""
    if data.startswith(b"%PDF-"):
        return PDF if PDF in allowed and _pdf_is_plain(data) else None
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data, allowed)
    if JPEG in allowed or PNG in allowed:
        return _image_type(data, allowed)
    return None


def _pdf_is_plain(data: bytes) -> bool:
    return b"%%EOF" in data[-2048:] and not any(marker in data for marker in PDF_ACTIVE)


def _image_type(data: bytes, allowed) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind = IMAGE_FORMATS.get(img.format)
            if kind not in allowed or img.width * img.height > MAX_PIXELS:
                return None
            img.verify()
        # verify() leaves the image unusable; decoding the pixels proves the file is a whole image.
        with Image.open(io.BytesIO(data)) as img:
            img.load()
    except Exception:  # noqa: BLE001 - any failure to decode means "not an image"
        return None
    return kind


def _office_type(data: bytes, allowed) -> str | None:
    if XLSX not in allowed and DOCX not in allowed:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = {n.lower() for n in zip_parts_guard(zf, ATTACHED_WORKBOOK)}
    except (zipfile.BadZipFile, WorkbookRefused, ValueError, OSError):
        return None
    if "[content_types].xml" not in names or any(mark in n for n in names for mark in OFFICE_ACTIVE):
        return None
    if XLSX in allowed and "xl/workbook.xml" in names:
        try:
            workbook_check(io.BytesIO(data), limits=ATTACHED_WORKBOOK)  # the kernel's one workbook check
        except WorkbookRefused:
            return None
        return XLSX
    if DOCX in allowed and "word/document.xml" in names:
        return DOCX
    return None


def read_checked(upload, *, field: str, refusal: str, allowed: Collection[str] = IMAGES_AND_PDF,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Checked:
    """Read one upload (at most `max_bytes`) and recognise it; a ValidationError on `field` otherwise (`refusal`
    says which types are accepted, in the caller's words)."""
    too_big = _("The file is larger than %(mb)s MB.") % {"mb": max(max_bytes // (1024 * 1024), 1)}
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError({field: too_big})
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError({field: too_big})
    if not data:
        raise ValidationError({field: _("The file is empty.")})
    content_type = sniff(data, allowed=allowed)
    if content_type is None:
        raise ValidationError({field: refusal})
    return Checked(data=data, content_type=content_type, name=Path(getattr(upload, "name", "") or "upload").name[:200])


def store_on_commit(*, folder: str, checked: Checked, keep_name: bool = False) -> str:
    """The path (relative to MEDIA_ROOT) the file will have: `folder/YYYY/MM/<random>`, or with `keep_name`
    `folder/YYYY/MM/<random>/<uploaded name, cleaned, at most 30 characters>.<extension of its real type>` (for a
    FileField, whose download is named by it). The file is written when the caller's transaction commits; a
    rollback writes nothing."""
    if transaction.get_autocommit():
        raise RuntimeError("store_on_commit runs inside the transaction that records the file")
    relative = f"{folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"
    if keep_name:
        relative += f"/{_clean_stem(checked.name)}.{checked.extension}"
    transaction.on_commit(partial(_write, media_path(relative), checked.data))
    return relative


def _clean_stem(name: str) -> str:
    try:
        stem = get_valid_filename(Path(name).stem)[:30].strip(".")
    except SuspiciousFileOperation:
        stem = ""
    return stem or "file"


def media_path(relative: str) -> Path:
    """The file's place under MEDIA_ROOT (a path that would leave it is refused)."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValidationError({"path": "outside MEDIA_ROOT"})
    return path


def _write(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as fh:
            fh.write(data)
    except OSError:  # the row stands; the scoped view answers 404 and the log says which file is missing
        log.exception("an upload could not be written to %s", target)
