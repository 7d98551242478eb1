import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from pension.models import Post

AUDITORS = frozenset({Post.AUDITOR})
AUDIT_READERS = frozenset({Post.AUDITOR, Post.LEADER})


def run(request, fn, success: str, **kwargs):
    """Call a service; show its errors as messages. Returns the result, or None when it refused."""
    try:
        result = fn(actor=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do this."))
        return None
    messages.success(request, success)
    return result


def parse_date(raw):
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
