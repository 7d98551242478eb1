import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.models import Post
from pension.permissions import has_post

from ..models import AuditParameters

AUDITORS = frozenset({Post.AUDITOR})
MAX_UPLOAD = 5 * 1024 * 1024
UPLOAD_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".xlsx", ".docx")


def require_auditor(actor) -> None:
    if not has_post(actor, AUDITORS):
        raise PermissionDenied(_("Only auditors do this."))


def parameters_on(day: datetime.date | None = None) -> AuditParameters:
    day = day or timezone.localdate()
    return AuditParameters.objects.filter(valid_from__lte=day).order_by("-valid_from").first() or AuditParameters()


def check_upload(field: str, upload, *, required: bool = True) -> None:
    if upload is None:
        if required:
            raise ValidationError({field: _("Upload the file.")})
        return
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(UPLOAD_TYPES):
        raise ValidationError({field: _("Upload a PDF, image, Excel or Word file.")})
    if upload.size > MAX_UPLOAD:
        raise ValidationError({field: _("The file is larger than 5 MB.")})


def clean_text(field: str, value, *, required: bool = True, limit: int = 5000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("This text is too long.")})
    return value
