"""Evidence uploads: photos (JPEG, PNG) and PDF only, recognised by their content, never by name or by the
type the browser claims; size-limited; stored under MEDIA_ROOT/certification/ by a random name without
extension, written when the record commits (the kernel's `pension.uploads`, which audit's files use too; nothing
under MEDIA_ROOT is served by a URL: files go out only through the scoped view)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from pension.oplog import log_operation
from pension.permissions import require_post
from pension.scope import area_in_scope
from pension.uploads import DEFAULT_MAX_BYTES, IMAGES_AND_PDF, media_path, read_checked, store_on_commit

from ..apps import RECORDERS
from ..models import Evidence, Record

MAX_FILES = 5


def max_bytes() -> int:
    return int(getattr(settings, "CERTIFICATION_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def evidence_store(*, actor, upload, township, village=None, record=None, field: str = "evidence") -> Evidence:
    """Check one upload and add its row to the caller's transaction (the caller logs the operation). The file is
    written only when that transaction commits: a record refused or rolled back leaves nothing on disk."""
    checked = read_checked(upload, field=field, allowed=IMAGES_AND_PDF, max_bytes=max_bytes(),
                           refusal=_("Only photos (JPEG, PNG) and PDF files are accepted; this file is neither, "
                                     "whatever its name says."))
    return Evidence.objects.create(record=record, township=township, village=village,
                                   path=store_on_commit(folder="certification", checked=checked),
                                   content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                                   original_name=checked.name, uploaded_by=actor)


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


def evidence_path(evidence: Evidence):
    return media_path(evidence.path)
