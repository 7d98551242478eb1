"""A county officer decides a case found by comparison or reported at certification: stop the pension
(through benefits: death, or double receipt) or dismiss it. Never the person who raised it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits import selectors as benefits_selectors
from benefits import services as benefits_services
from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post

from ..apps import COUNTY
from ..models import CampaignEntry, EntryStatus, MatchCase, MatchKind, MatchStatus

DECISIONS = ("stop", "dismiss")
CASE_FIELDS = ["status", "decided_by", "decided_at", "decision_note"]


@transaction.atomic
def match_decide(*, actor, case: MatchCase, decision: str, note: str = "") -> MatchCase:
    require_post(actor, COUNTY)
    case = MatchCase.objects.select_for_update().get(pk=case.pk)
    note = (note or "").strip()
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose stop or dismiss.")})
    if case.status != MatchStatus.OPEN:
        raise Conflict({"decision": _("This case has been decided already.")})
    if case.raised_by_id == actor.pk:
        raise ValidationError({"decision": _("Someone other than who raised the case decides it.")})
    if decision == "dismiss" and not note:
        raise ValidationError({"note": _("Say why the case is dismissed.")})
    before = snapshot(case, CASE_FIELDS)
    if decision == "stop":
        recipient = benefits_selectors.recipient_for_resident(user=actor, resident_id=case.resident_id)
        if recipient is None:
            raise ValidationError({"decision": _("This person no longer receives a pension.")})
        reason = note or case.get_kind_display()
        if case.kind == MatchKind.DEATH:
            benefits_services.recipient_stop_for_death(actor=actor, recipient=recipient, death_date=case.event_date,
                                                       reason=reason, source="certification.match")
        else:
            benefits_services.recipient_stop_for_double_receipt(
                actor=actor, recipient=recipient, other_pension_start=case.event_date, reason=reason,
                source="certification.match")
        CampaignEntry.objects.filter(resident_id=case.resident_id, status=EntryStatus.DUE).update(
            status=EntryStatus.CLOSED)
        case.status = MatchStatus.STOPPED
    else:
        case.status = MatchStatus.DISMISSED
    case.decided_by, case.decided_at, case.decision_note = actor, timezone.now(), note
    case.save(update_fields=CASE_FIELDS)
    log_operation(actor=actor, action=f"match_case.{decision}", obj=case, before=before,
                  after=snapshot(case, CASE_FIELDS), reason=note, area=case.village)
    return case
