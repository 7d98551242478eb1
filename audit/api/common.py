"""What the audit API's modules share: who may use it, and reading a township code from a request."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pension.models import Area, AreaLevel, Post

AUDITORS = frozenset({Post.AUDITOR})
AUDIT_READERS = frozenset({Post.AUDITOR, Post.LEADER})


def township_by_code(code):
    """The township a request names by its code, None when it names none; an unknown code is the field's error."""
    if not code:
        return None
    area = Area.objects.filter(level=AreaLevel.TOWNSHIP, code=code).first()
    if area is None:
        raise ValidationError({"township": _("Unknown township code.")})
    return area
