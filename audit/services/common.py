import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pension import uploads
from pension.models import Post
from pension.permissions import has_post
from pension.uploads import Checked, read_checked

from ..models import AuditParameters

AUDITORS = frozenset({Post.AUDITOR})
MAX_UPLOAD = 5 * 1024 * 1024
UPLOAD_TYPES = frozenset({uploads.PDF, uploads.JPEG, uploads.PNG, uploads.XLSX, uploads.DOCX})


def require_auditor(actor) -> None:
    if not has_post(actor, AUDITORS):
        raise PermissionDenied(_("Only auditors do this."))


def parameters_on(day: datetime.date | None = None) -> AuditParameters:
    day = day or timezone.localdate()
    return AuditParameters.objects.filter(valid_from__lte=day).order_by("-valid_from").first() or AuditParameters()


def checked_upload(field: str, upload) -> Checked:
    """An audit file recognised by its content (PDF, JPEG, PNG, .xlsx, .docx; never by its name), at most 5 MB.
    The caller stores it with `pension.uploads.store_on_commit`, so a refused or rolled-back write leaves no file."""
    if upload is None:
        raise ValidationError({field: _("Upload the file.")})
    return read_checked(upload, field=field, allowed=UPLOAD_TYPES, max_bytes=MAX_UPLOAD,
                        refusal=_("Upload a PDF, a photo (JPEG, PNG), an Excel (.xlsx) or a Word (.docx) file; this "
                                  "file is none of them, whatever its name says."))


def clean_text(field: str, value, *, required: bool = True, limit: int = 5000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("This text is too long.")})
    return value
